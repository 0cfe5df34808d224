import { randomUUID } from 'node:crypto';
import { ConsentRecordSchema, type AutomaticChoices, type ConsentRecord, type ConsentScope } from '../../contract/consent';
import type { ConsentedDestination } from '../../contract/destination';
import { AppendLog } from '../storage/append-log';
import { SEED_POLICY_VERSION } from './seed-privacy-policy';

export { ConsentRecordSchema, type ConsentRecord, type ConsentScope } from '../../contract/consent';

export type SendRecord = Extract<ConsentRecord, { decision: 'send' }>;

type NewDecision =
  | { decision: 'send'; digest: string; reportId: string; basis: 'asked' | 'always-send'; destination: ConsentedDestination }
  | { decision: 'dont-send'; digest: string; reportId: string }
  | { decision: 'always-send'; scope: ConsentScope; choices: AutomaticChoices }
  | { decision: 'never-ask' }
  | { decision: 'ask' }
  | { decision: 'withdraw' };

/** What the ledger says to do with the next crash. */
export type ConsentMode = { mode: 'ask' } | { mode: 'always-send'; scope: ConsentScope; choices: AutomaticChoices } | { mode: 'never-ask' };

/**
 * The consent ledger: an append-only file, one JSON record a line, each append fsynced before it
 * counts. It is the only place that can say a byte may leave the machine, and what History shows.
 * A write error is thrown, never swallowed.
 */
export class ConsentLedger {
  private readonly log: AppendLog<ConsentRecord>;

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    /** The privacy policy the decisions are made under; "always send" is void once it changes. */
    private readonly policyVersion = SEED_POLICY_VERSION,
  ) {
    this.log = new AppendLog(file, ConsentRecordSchema);
  }

  record<D extends NewDecision>(decision: D): Extract<ConsentRecord, { decision: D['decision'] }> {
    const record = ConsentRecordSchema.parse({
      ...decision,
      id: randomUUID(),
      at: this.now().toISOString(),
      policyVersion: this.policyVersion,
    });
    // The schema keeps the decision it was given, so the record is of the same kind.
    return this.log.append(record) as Extract<ConsentRecord, { decision: D['decision'] }>;
  }

  /** Every readable record, oldest first; a line that cannot be read (a crash mid-append) is skipped and counted. */
  history(): ConsentRecord[] {
    return this.log.read().records;
  }

  /** How many lines of the ledger could not be read. */
  unreadableLines(): number {
    return this.log.read().skipped;
  }

  /** The standing choice: the last always-send, never-ask, ask or withdrawal, if it still holds. */
  mode(appVersion: string): ConsentMode {
    const standing = this.history()
      .filter(
        (record) =>
          record.decision === 'always-send' ||
          record.decision === 'never-ask' ||
          record.decision === 'ask' ||
          record.decision === 'withdraw',
      )
      .at(-1);
    if (standing === undefined || standing.decision === 'withdraw' || standing.decision === 'ask') return { mode: 'ask' };
    if (standing.decision === 'never-ask') return { mode: 'never-ask' };
    if (standing.policyVersion !== this.policyVersion) return { mode: 'ask' };
    const { scope, choices } = standing;
    if (scope.kind === 'app-version' && scope.appVersion !== appVersion) return { mode: 'ask' };
    if (scope.kind === 'until' && new Date(scope.until).getTime() < this.now().getTime()) return { mode: 'ask' };
    return { mode: 'always-send', scope, choices };
  }

  /**
   * The yes for exactly this digest, if there is one that still holds: the latest (it names the
   * destination approved last), and none from before a withdrawal.
   */
  consentFor(digest: string): SendRecord | undefined {
    let found: SendRecord | undefined;
    for (const record of this.history()) {
      if (record.decision === 'withdraw') found = undefined;
      else if (record.decision === 'send' && record.digest === digest) found = record;
    }
    return found;
  }
}

import { randomUUID } from 'node:crypto';
import { ConsentRecordSchema, type ConsentRecord, type ConsentScope } from '../../contract/consent';
import { AppendLog } from '../storage/append-log';

/** The privacy policy the decisions are made under; "always send" is void once it changes. */
export const PRIVACY_POLICY_VERSION = '2026-11-01';

export { ConsentRecordSchema, type ConsentRecord, type ConsentScope } from '../../contract/consent';

type NewDecision =
  | { decision: 'send'; digest: string; reportId: string; basis: 'asked' | 'always-send' }
  | { decision: 'dont-send'; digest: string; reportId: string }
  | { decision: 'always-send'; scope: ConsentScope }
  | { decision: 'never-ask' }
  | { decision: 'withdraw' };

/** What the ledger says to do with the next report. */
export type ConsentMode = { mode: 'ask' } | { mode: 'always-send'; scope: ConsentScope } | { mode: 'never-ask' };

/**
 * The consent ledger: an append-only file, one JSON record a line, each append fsynced before it
 * counts. It is the only place that can say a byte may leave the machine, and what History shows.
 * A write error is thrown, never swallowed.
 */
export class ConsentLedger {
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly policyVersion = PRIVACY_POLICY_VERSION,
  ) {
    this.log = new AppendLog(file, ConsentRecordSchema);
  }

  private readonly log: AppendLog<ConsentRecord>;

  record(decision: NewDecision): ConsentRecord {
    return this.log.append(
      ConsentRecordSchema.parse({ ...decision, id: randomUUID(), at: this.now().toISOString(), policyVersion: this.policyVersion }),
    );
  }

  /** Every record, oldest first. A torn last line (a crash mid-append) is ignored; nothing after it was written. */
  history(): ConsentRecord[] {
    return this.log.read();
  }

  /** The standing choice: the last always-send, never-ask or withdrawal, if it still holds. */
  mode(appVersion: string): ConsentMode {
    const standing = this.history()
      .filter((record) => record.decision === 'always-send' || record.decision === 'never-ask' || record.decision === 'withdraw')
      .at(-1);
    if (standing === undefined || standing.decision === 'withdraw') return { mode: 'ask' };
    if (standing.decision === 'never-ask') return { mode: 'never-ask' };
    if (standing.policyVersion !== this.policyVersion) return { mode: 'ask' };
    const { scope } = standing;
    if (scope.kind === 'app-version' && scope.appVersion !== appVersion) return { mode: 'ask' };
    if (scope.kind === 'until' && new Date(scope.until).getTime() < this.now().getTime()) return { mode: 'ask' };
    return { mode: 'always-send', scope };
  }

  /** The send record for exactly this digest, if the user (or their standing choice) approved it. */
  consentFor(digest: string): ConsentRecord | undefined {
    return this.history().find((record) => record.decision === 'send' && record.digest === digest);
  }

  /**
   * Consent for these bytes: an explicit yes for the digest, or a standing "always send" that
   * holds now, recorded against this digest so the upload has a record of its own.
   */
  authorize(digest: string, reportId: string, appVersion: string): ConsentRecord | undefined {
    const existing = this.consentFor(digest);
    if (existing !== undefined) return existing;
    if (this.mode(appVersion).mode !== 'always-send') return undefined;
    return this.record({ decision: 'send', digest, reportId, basis: 'always-send' });
  }
}

import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IdSchema } from '../../contract/ids';
import { StoredNoticeSchema } from '../../contract/notice';
import { ConsentedDestinationSchema } from '../../contract/destination';
import { ReceiptSchema, ServerDeletionSchema, type Receipt, type ServerDeletion } from '../../contract/receipt';
import { reportStatuses } from '../../contract/report-flow';
import type { SendRecord } from '../privacy/consent';
import { readBundle, writeBundle, type Bundle } from '../report/bundle';
import type { BuiltReport } from '../report/build-report';
import { AppendLog } from '../storage/append-log';
import { fsyncFolderSync, removeStaleTemporaries, writeFileDurableSync } from '../storage/durable-write';
import type { UploadOutcome } from '../upload/candor-transport';

/** Retry timing: exponential from about 5 s up to an hour, with jitter, so clients never retry in step. */
export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 60 * 60 * 1000;
/** Limits, with the stated policy: when one is reached a new report is refused and the user decides; nothing queued is dropped. */
export const MAX_QUEUED_REPORTS = 100;
export const MAX_QUEUED_BYTES = 512 * 1024 * 1024;
export const MAX_AGE_DAYS = 30;

const STATE_FILE = 'state.json';
const CONSENT_FILE = 'consent.json';
const TEMPORARY_PREFIX = '.incoming-';

/**
 * Where a report is. `needs-destination`: the server refused the key, or none is set;
 * `needs-approval`: reports now go elsewhere than the user approved. Both wait until the
 * destination changes (or the user approves again); `failed` waits for the user to try again.
 */
export const outboxStatuses = reportStatuses;

export const OutboxStateSchema = z.object({
  reportId: IdSchema,
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the user approved it going, as shown; the consent ledger, not this file, decides where it goes. */
  destination: ConsentedDestinationSchema,
  status: z.enum(outboxStatuses),
  attempts: z.number().int().nonnegative(),
  queuedAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().optional(),
  lastError: z
    .object({
      reason: StoredNoticeSchema,
      status: z.number().int().optional(),
      integrity: z.boolean().optional(),
      /** The destination (as a fingerprint, never the key) under which it was refused. */
      destinationFingerprint: z.string().optional(),
    })
    .optional(),
  receipt: ReceiptSchema.optional(),
});

export type OutboxState = z.infer<typeof OutboxStateSchema>;

export class OutboxFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxFullError';
  }
}

export interface OutboxItem {
  dir: string;
  state: OutboxState;
}

export interface OutboxOptions {
  now?: () => Date;
  random?: () => number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * Approved reports waiting for the server, one folder each (the bundle, its consent record, a
 * state file), every file written atomically and durably. A report is taken in whole or not at
 * all (it arrives in a temporary folder that is renamed into place), survives crashes and kills,
 * and leaves only once the server's receipt names its digest.
 */
/** Beside receipts.jsonl in the data folder. */
export const SERVER_DELETIONS_FILE = 'server-deletions.jsonl';

export class Outbox {
  readonly receipts: AppendLog<Receipt>;
  /** The reports a server confirmed it deleted, so History can say so. */
  readonly serverDeletions: AppendLog<ServerDeletion>;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(
    readonly folder: string,
    private readonly options: OutboxOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    this.receipts = new AppendLog(path.join(path.dirname(folder), 'receipts.jsonl'), ReceiptSchema);
    this.serverDeletions = new AppendLog(path.join(path.dirname(folder), SERVER_DELETIONS_FILE), ServerDeletionSchema);
  }

  /** The latest receipt a server gave for a report, if any. */
  receiptFor(reportId: string): Receipt | undefined {
    return this.receipts
      .read()
      .records.filter((receipt) => receipt.id === reportId)
      .at(-1);
  }

  /**
   * Cleans up after an interrupted run: half-arrived folders are removed (their report was never
   * queued), and a send cut short is queued again; the idempotency key makes the resend safe.
   */
  recover(): void {
    removeStaleTemporaries(this.folder);
    for (const name of readdirSync(this.folder)) {
      if (name.startsWith(TEMPORARY_PREFIX)) rmSync(path.join(this.folder, name), { recursive: true, force: true });
    }
    for (const item of this.list()) {
      if (item.state.status === 'sending') this.writeState(item.dir, { ...item.state, status: 'queued' });
    }
  }

  enqueue(source: BuiltReport | Bundle, consent: SendRecord): OutboxItem {
    const id = source.report.id;
    const digest = source.sha256;
    if (consent.digest !== digest) {
      throw new Error(`the consent record ${consent.id} is not a yes for report ${id} (SHA-256 ${digest})`);
    }
    const existing = this.list().find((item) => item.state.reportId === id);
    if (existing !== undefined) return existing;
    this.checkLimits(source.bytes.length + sizeOfAttachments(source));

    const incoming = path.join(this.folder, `${TEMPORARY_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    if ('dir' in source) {
      cpSync(source.dir, incoming, { recursive: true });
    } else {
      writeBundle(incoming, source);
    }
    writeFileDurableSync(path.join(incoming, CONSENT_FILE), JSON.stringify(consent));
    const state: OutboxState = {
      reportId: id,
      digest,
      destination: consent.destination,
      status: 'queued',
      attempts: 0,
      queuedAt: this.now().toISOString(),
    };
    writeFileDurableSync(path.join(incoming, STATE_FILE), JSON.stringify(state));
    fsyncFolderSync(incoming);
    const dir = path.join(this.folder, id);
    renameSync(incoming, dir);
    fsyncFolderSync(this.folder);
    return { dir, state };
  }

  private checkLimits(incomingBytes: number): void {
    const waiting = this.list().filter((item) => item.state.status !== 'sent');
    if (waiting.length >= MAX_QUEUED_REPORTS) {
      throw new OutboxFullError(
        `${waiting.length} reports are already waiting to be sent (the limit is ${MAX_QUEUED_REPORTS}); send or delete some first`,
      );
    }
    const queuedBytes = waiting.reduce((total, item) => total + folderSize(item.dir), 0);
    if (queuedBytes + incomingBytes > MAX_QUEUED_BYTES) {
      throw new OutboxFullError(
        `the reports waiting to be sent take ${queuedBytes} bytes; this one would pass the ${MAX_QUEUED_BYTES}-byte limit`,
      );
    }
  }

  list(): OutboxItem[] {
    const items: OutboxItem[] = [];
    for (const name of readdirSync(this.folder)) {
      if (name.startsWith(TEMPORARY_PREFIX)) continue;
      const dir = path.join(this.folder, name);
      try {
        items.push({ dir, state: OutboxStateSchema.parse(JSON.parse(readFileSync(path.join(dir, STATE_FILE), 'utf8'))) });
      } catch {
        // Not an outbox folder; recover() never creates such a thing, so it is left alone.
      }
    }
    return items.sort((a, b) => a.state.queuedAt.localeCompare(b.state.queuedAt));
  }

  /**
   * Reports to send now: queued ones whose retry time has come, and those waiting for a
   * destination or approval once the destination differs from the one they were refused under.
   */
  due(destinationFingerprint: string): OutboxItem[] {
    const now = this.now().getTime();
    return this.list().filter(({ state }) => {
      if (state.status === 'queued') return state.nextAttemptAt === undefined || new Date(state.nextAttemptAt).getTime() <= now;
      if (state.status === 'needs-destination' || state.status === 'needs-approval')
        return state.lastError?.destinationFingerprint !== destinationFingerprint;
      return false;
    });
  }

  /** Reports older than the age limit and still not sent, for the user to decide on. */
  stale(): OutboxItem[] {
    const limit = this.now().getTime() - MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
    return this.list().filter((item) => item.state.status !== 'sent' && new Date(item.state.queuedAt).getTime() < limit);
  }

  bundleOf(item: OutboxItem): Bundle {
    return readBundle(item.dir);
  }

  /**
   * Sends every due report once: `send` does the upload; the outcome decides the next state. One
   * flush runs at a time, so a timer and a Send never upload the same report side by side. A
   * report whose bundle cannot be read is set aside with the reason, and the rest still go.
   */
  flush(send: (bundle: Bundle, item: OutboxItem) => Promise<UploadOutcome>, destinationFingerprint: string): Promise<OutboxItem[]> {
    const run = this.flushing.then(() => this.flushNow(send, destinationFingerprint));
    this.flushing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private flushing: Promise<void> = Promise.resolve();

  private async flushNow(
    send: (bundle: Bundle, item: OutboxItem) => Promise<UploadOutcome>,
    destinationFingerprint: string,
  ): Promise<OutboxItem[]> {
    const results: OutboxItem[] = [];
    for (const item of this.due(destinationFingerprint)) {
      let bundle: Bundle;
      try {
        bundle = this.bundleOf(item);
      } catch (error) {
        const state: OutboxState = {
          ...item.state,
          status: 'set-aside',
          lastError: { reason: { code: 'bundle-unreadable', detail: error instanceof Error ? error.message : String(error) } },
        };
        this.writeState(item.dir, state);
        results.push({ dir: item.dir, state });
        continue;
      }
      this.writeState(item.dir, { ...item.state, status: 'sending' });
      const outcome = await send(bundle, item);
      const state = this.nextState(item.state, outcome, destinationFingerprint);
      if (outcome.ok) this.receipts.append(outcome.receipt);
      this.writeState(item.dir, state);
      results.push({ dir: item.dir, state });
    }
    return results;
  }

  private nextState(previous: OutboxState, outcome: UploadOutcome, destinationFingerprint: string): OutboxState {
    const attempts = previous.attempts + 1;
    const rest = withoutAttemptState(previous);
    if (outcome.ok) return { ...rest, status: 'sent', attempts, receipt: outcome.receipt };
    const { failure } = outcome;
    const status = 'status' in failure && failure.status !== undefined ? { status: failure.status } : {};
    switch (failure.kind) {
      case 'retry': {
        const wait = Math.max(failure.retryAfterMs ?? 0, this.backoffMs(attempts));
        return {
          ...rest,
          status: 'queued',
          attempts,
          nextAttemptAt: new Date(this.now().getTime() + wait).toISOString(),
          lastError: { reason: failure.reason, ...status },
        };
      }
      case 'destination':
      case 'approval':
        return {
          ...rest,
          status: failure.kind === 'destination' ? 'needs-destination' : 'needs-approval',
          attempts,
          lastError: { reason: failure.reason, ...status, destinationFingerprint },
        };
      case 'final':
        return {
          ...rest,
          status: 'failed',
          attempts,
          lastError: { reason: failure.reason, ...status, ...(failure.integrity === true ? { integrity: true } : {}) },
        };
    }
  }

  /** Puts a report that failed or waits back in the queue, to be sent at the next flush. Returns false when there is none. */
  retry(reportId: string): boolean {
    const item = this.list().find((candidate) => candidate.state.reportId === reportId);
    // A set-aside report's bundle cannot be read: trying again would only set it aside again.
    if (item === undefined || item.state.status === 'sent' || item.state.status === 'sending' || item.state.status === 'set-aside')
      return false;
    this.writeState(item.dir, { ...withoutAttemptState(item.state), status: 'queued' });
    return true;
  }

  /** Names a new approved destination for a waiting report (the user approved it again). */
  reapproved(reportId: string, consent: SendRecord): boolean {
    const item = this.list().find((candidate) => candidate.state.reportId === reportId);
    if (item?.state.digest !== consent.digest || item.state.status === 'sent') return false;
    writeFileDurableSync(path.join(item.dir, CONSENT_FILE), JSON.stringify(consent));
    this.writeState(item.dir, { ...withoutAttemptState(item.state), destination: consent.destination, status: 'queued' });
    return true;
  }

  /** Exponential backoff with full jitter between half and all of the step. */
  backoffMs(attempts: number): number {
    const base = this.options.retryBaseMs ?? RETRY_BASE_MS;
    const max = this.options.retryMaxMs ?? RETRY_MAX_MS;
    const step = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  /** Removes reports from the outbox: all that are not sent, or those named. Returns what it removed. */
  purge(reportIds?: readonly string[]): string[] {
    const removed: string[] = [];
    for (const item of this.list()) {
      if (item.state.status === 'sent' && reportIds === undefined) continue;
      if (reportIds !== undefined && !reportIds.includes(item.state.reportId)) continue;
      rmSync(item.dir, { recursive: true, force: true });
      removed.push(item.state.reportId);
    }
    fsyncFolderSync(this.folder);
    return removed;
  }

  private writeState(dir: string, state: OutboxState): void {
    writeFileDurableSync(path.join(dir, STATE_FILE), JSON.stringify(OutboxStateSchema.parse(state)));
  }
}

/** A state without its retry time and last error, for a fresh attempt. */
function withoutAttemptState(state: OutboxState): OutboxState {
  const fresh = { ...state };
  delete fresh.nextAttemptAt;
  delete fresh.lastError;
  return fresh;
}

function sizeOfAttachments(source: BuiltReport | Bundle): number {
  return source.attachments.reduce((total, attachment) => total + attachment.bytes.length, 0);
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

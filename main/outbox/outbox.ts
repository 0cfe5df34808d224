import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReceiptSchema, type Receipt } from '../../contract/receipt';
import type { ConsentRecord } from '../privacy/consent';
import { readBundle, writeBundle, type Bundle } from '../report/bundle';
import type { BuiltReport } from '../report/build-report';
import { AppendLog } from '../storage/append-log';
import { fsyncFolderSync, writeFileDurableSync } from '../storage/durable-write';
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

export const OutboxStateSchema = z.object({
  reportId: z.uuid(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  endpoint: z.url(),
  status: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  queuedAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().optional(),
  lastError: z.object({ reason: z.string(), status: z.number().int().optional(), integrity: z.boolean().optional() }).optional(),
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
export class Outbox {
  readonly receipts: AppendLog<Receipt>;
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
  }

  /**
   * Cleans up after an interrupted run: half-arrived folders are removed (their report was never
   * queued), and a send cut short is queued again; the idempotency key makes the resend safe.
   */
  recover(): void {
    for (const name of readdirSync(this.folder)) {
      if (name.startsWith(TEMPORARY_PREFIX)) rmSync(path.join(this.folder, name), { recursive: true, force: true });
    }
    for (const item of this.list()) {
      if (item.state.status === 'sending') this.writeState(item.dir, { ...item.state, status: 'queued' });
    }
  }

  enqueue(source: BuiltReport | Bundle, consent: ConsentRecord, endpoint: string): OutboxItem {
    const id = source.report.id;
    const digest = source.sha256;
    if (consent.decision !== 'send' || consent.digest !== digest) {
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
    const state: OutboxState = { reportId: id, digest, endpoint, status: 'queued', attempts: 0, queuedAt: this.now().toISOString() };
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

  /** Reports that are waiting, or whose retry time has come; and those older than the age limit, for the user to decide on. */
  due(): OutboxItem[] {
    const now = this.now().getTime();
    return this.list().filter(
      (item) =>
        item.state.status === 'queued' && (item.state.nextAttemptAt === undefined || new Date(item.state.nextAttemptAt).getTime() <= now),
    );
  }

  stale(): OutboxItem[] {
    const limit = this.now().getTime() - MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
    return this.list().filter((item) => item.state.status !== 'sent' && new Date(item.state.queuedAt).getTime() < limit);
  }

  bundleOf(item: OutboxItem): Bundle {
    return readBundle(item.dir);
  }

  /** Sends every due report once: `send` does the upload; the outcome decides the next state. */
  async flush(send: (bundle: Bundle, item: OutboxItem) => Promise<UploadOutcome>): Promise<OutboxItem[]> {
    const results: OutboxItem[] = [];
    for (const item of this.due()) {
      const bundle = this.bundleOf(item);
      this.writeState(item.dir, { ...item.state, status: 'sending' });
      const outcome = await send(bundle, item);
      const attempts = item.state.attempts + 1;
      let state: OutboxState;
      if (outcome.ok) {
        this.receipts.append(outcome.receipt);
        state = { ...item.state, status: 'sent', attempts, receipt: outcome.receipt };
        delete state.nextAttemptAt;
        delete state.lastError;
      } else if (outcome.failure.retry) {
        const wait = Math.max(outcome.failure.retryAfterMs ?? 0, this.backoffMs(attempts));
        state = {
          ...item.state,
          status: 'queued',
          attempts,
          nextAttemptAt: new Date(this.now().getTime() + wait).toISOString(),
          lastError: {
            reason: outcome.failure.reason,
            ...(outcome.failure.status === undefined ? {} : { status: outcome.failure.status }),
          },
        };
      } else {
        state = {
          ...item.state,
          status: 'failed',
          attempts,
          lastError: {
            reason: outcome.failure.reason,
            ...(outcome.failure.status === undefined ? {} : { status: outcome.failure.status }),
            ...(outcome.failure.integrity === true ? { integrity: true } : {}),
          },
        };
      }
      this.writeState(item.dir, state);
      results.push({ dir: item.dir, state });
    }
    return results;
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

import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CrashEventSchema, type CrashError, type CrashEvent, type CrashKind } from '../../contract/crash-event';
import { removeStaleTemporaries, TEMPORARY_SUFFIX, writeFileDurableSync } from '../storage/durable-write';
import { crashSignature } from './signature';

/** The same signature again within this window is a crash loop: one event, counted. */
export const CRASH_LOOP_WINDOW_MS = 10 * 60 * 1000;

export interface NewCrash {
  kind: CrashKind;
  processType: string;
  app: CrashEvent['app'];
  error?: CrashError | undefined;
  exit?: CrashEvent['exit'];
  minidump?: CrashEvent['minidump'];
  log?: CrashEvent['log'];
  occurredAt?: Date;
  /** Given when the same crash may be recorded twice (a minidump picked up again), so it lands once. */
  id?: string;
  /** For native crashes, what the minidump says crashed. */
  exceptionName?: string | undefined;
  module?: string | undefined;
}

export interface CrashStoreOptions {
  now?: () => Date;
  /** Told of every new or folded event once it is on disk. */
  onRecorded?: (event: CrashEvent) => void;
}

/**
 * Crash events on disk, one file each, written durably and synchronously before anything else
 * happens with them: the process that crashed may be gone a moment later.
 */
export class CrashStore {
  private readonly now: () => Date;

  constructor(
    readonly folder: string,
    private readonly options: CrashStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    removeStaleTemporaries(folder);
  }

  fileOf(id: string): string {
    return path.join(this.folder, `${id}.json`);
  }

  record(crash: NewCrash): CrashEvent {
    const at = crash.occurredAt ?? this.now();
    const signature = crashSignature({
      kind: crash.kind,
      processType: crash.processType,
      errorName: crash.error?.name,
      stack: crash.error?.stack,
      message: crash.error?.message,
      exitReason: crash.exit?.reason,
      exceptionName: crash.exceptionName,
      module: crash.module,
    });
    const loop = crash.id === undefined ? this.findLoop(signature, at) : undefined;
    let event: CrashEvent;
    if (loop !== undefined) {
      event = { ...loop, count: loop.count + 1, lastOccurredAt: at.toISOString() };
    } else {
      event = {
        schema: 'candor.crash/1',
        id: crash.id ?? randomUUID(),
        occurredAt: at.toISOString(),
        lastOccurredAt: at.toISOString(),
        count: 1,
        kind: crash.kind,
        processType: crash.processType,
        app: crash.app,
        signature,
        status: 'pending',
      };
      if (crash.error !== undefined) event.error = crash.error;
      if (crash.exit !== undefined) event.exit = crash.exit;
      if (crash.minidump !== undefined) event.minidump = crash.minidump;
      if (crash.log !== undefined) event.log = crash.log;
    }
    this.write(CrashEventSchema.parse(event));
    this.options.onRecorded?.(event);
    return event;
  }

  private findLoop(signature: string, at: Date): CrashEvent | undefined {
    return this.list().find(
      (event) =>
        event.status === 'pending' &&
        event.signature === signature &&
        at.getTime() - new Date(event.lastOccurredAt).getTime() <= CRASH_LOOP_WINDOW_MS,
    );
  }

  private write(event: CrashEvent): void {
    writeFileDurableSync(this.fileOf(event.id), `${JSON.stringify(event, null, 2)}\n`);
  }

  /** Every readable event, oldest first. A file that is not a valid event is skipped, not trusted. */
  list(): CrashEvent[] {
    const events: CrashEvent[] = [];
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith('.json') || name.endsWith(TEMPORARY_SUFFIX)) continue;
      try {
        events.push(CrashEventSchema.parse(JSON.parse(readFileSync(path.join(this.folder, name), 'utf8'))));
      } catch {
        // A half-written or foreign file: the durable write means a complete event never looks like this.
      }
    }
    return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }

  pending(): CrashEvent[] {
    return this.list().filter((event) => event.status === 'pending');
  }

  get(id: string): CrashEvent | undefined {
    return this.list().find((event) => event.id === id);
  }

  /** Changes fields of an event on disk (a minidump found for a process already reported gone). */
  update(id: string, patch: Partial<Pick<CrashEvent, 'minidump' | 'status' | 'signature' | 'reportId'>>): CrashEvent {
    const event = this.get(id);
    if (event === undefined) throw new Error(`no crash event ${id}`);
    const updated = CrashEventSchema.parse({ ...event, ...patch });
    this.write(updated);
    this.options.onRecorded?.(updated);
    return updated;
  }

  /** Returns false when no event has that id. */
  setStatus(id: string, status: CrashEvent['status']): boolean {
    const event = this.get(id);
    if (event === undefined) return false;
    this.write({ ...event, status });
    return true;
  }
}

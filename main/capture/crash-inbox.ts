import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { CrashEvent } from '../../contract/crash-event';
import { crashFromFile, CrashFileError, readCrashFile } from './crash-file';
import type { CrashStore } from './crash-store';
import { writeFileDurableSync } from '../storage/durable-write';
import { checkRegularFile, FileRefusedError, readMinidumpFile } from '../storage/regular-file';

/** The largest minidump taken: the report server takes at most 64 MiB in one upload. */
export const MAX_MINIDUMP_BYTES = 64 * 1024 * 1024;

/**
 * Takes a crash file handed over by another program: records the crash (with a copy of its
 * minidump, since the other program may delete its own) and returns the event.
 */
export async function takeCrashFile(file: string, store: CrashStore): Promise<CrashEvent> {
  const crash = await readCrashFile(file);
  const newCrash = crashFromFile(crash);
  try {
    // The log is read when a report is built; it must be a regular file now already.
    if (crash.log !== undefined) await checkRegularFile(crash.log, 'log');
    if (crash.minidump === undefined) return store.record(newCrash);
    const bytes = await readMinidumpFile(crash.minidump, MAX_MINIDUMP_BYTES);
    // Each dump is its own crash: it gets its own id (and file) instead of folding into a loop.
    const id = randomUUID();
    const copy = path.join(store.folder, `${id}.dmp`);
    writeFileDurableSync(copy, bytes);
    return store.record({ ...newCrash, id, minidump: { path: copy, sizeBytes: bytes.length } });
  } catch (error) {
    if (error instanceof FileRefusedError) throw new CrashFileError(`crash file ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * A folder other programs drop crash files into (`*.json`). Each is taken once: recorded, then
 * removed; a file Candor cannot take moves to `rejected/` beside a `.reason.txt` saying why.
 */
export class CrashInbox {
  private watcher: FSWatcher | undefined;
  private draining: Promise<void> = Promise.resolve();

  constructor(
    readonly folder: string,
    private readonly store: CrashStore,
    private readonly onError: (message: string) => void = (message) => process.stderr.write(`candor: ${message}\n`),
  ) {
    mkdirSync(path.join(folder, 'rejected'), { recursive: true, mode: 0o700 });
  }

  /** Takes every crash file now in the folder. Calls are queued, so no file is taken twice. */
  drain(): Promise<void> {
    this.draining = this.draining.then(() => this.takeAll());
    return this.draining;
  }

  private async takeAll(): Promise<void> {
    for (const name of readdirSync(this.folder)
      .filter((entry) => entry.endsWith('.json'))
      .sort()) {
      const file = path.join(this.folder, name);
      try {
        await takeCrashFile(file, this.store);
        unlinkSync(file);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!(error instanceof CrashFileError)) {
          // Disk trouble: leave the file for the next attempt.
          this.onError(`could not take ${file}: ${reason}`);
          continue;
        }
        const rejected = path.join(this.folder, 'rejected', name);
        renameSync(file, rejected);
        writeFileSync(`${rejected}.reason.txt`, `${reason}\n`);
        this.onError(reason);
      }
    }
  }

  /** Takes what is there, then watches for more until `stop`. */
  start(): Promise<void> {
    this.watcher = watch(this.folder, () => void this.drain());
    return this.drain();
  }

  stop(): void {
    this.watcher?.close();
  }
}

import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MinidumpError } from '../minidump/binary-reader';
import { processTypeName } from './process-type';
import { readMinidump } from '../minidump/read-minidump';
import { writeFileDurableSync } from '../storage/durable-write';
import type { CrashStore, NewCrash } from './crash-store';

/**
 * Where Crashpad keeps finished minidumps under `app.getPath('crashDumps')`: `reports/` on
 * Windows, `completed/` on macOS and Linux, and `pending/` everywhere. `new/` holds dumps still
 * being written and is left alone.
 */
export function crashpadDumpFolders(crashDumpsDir: string, platform: NodeJS.Platform): string[] {
  return [path.join(crashDumpsDir, platform === 'win32' ? 'reports' : 'completed'), path.join(crashDumpsDir, 'pending')];
}

/** A dump written this close to a gone-process event belongs to it. */
const GONE_PROCESS_MATCH_MS = 60_000;

const LedgerSchema = z.object({ taken: z.array(z.string()) });

/** A dump's modification time this far back means Crashpad has finished writing it. */
export const DUMP_SETTLED_MS = 2_000;

/**
 * What a dump is, across folders: Crashpad names each report `<uuid>.dmp` and moves it from
 * pending/ to completed/ (or, on Windows, writes it straight into reports/), so the same report
 * seen in two folders is one dump. A file not named so is known by its path.
 */
function dumpIdentity(file: string): string {
  const name = path.basename(file, '.dmp');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name) ? `crashpad:${name.toLowerCase()}` : file;
}

/** A UUID derived from the dump's identity, so picking the same dump up twice records it once. */
function eventIdFor(identity: string): string {
  const hex = createHash('sha256').update(identity).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface MinidumpPickupOptions {
  folders: readonly string[];
  store: CrashStore;
  /** Remembers which dumps were already taken, across restarts. */
  ledgerFile: string;
  app: NewCrash['app'];
  now?: () => number;
}

/**
 * Takes the minidumps Crashpad wrote since last time: copies each into Candor's crash folder
 * (Crashpad prunes its own), records a native crash event for it, and remembers it as taken.
 */
export class MinidumpPickup {
  /** Dumps seen but not taken yet, with the size they had: one still growing is taken once it stops. */
  private readonly growing = new Map<string, number>();
  /** How many dumps the last pickUp left because they were still being written. */
  unsettled = 0;

  constructor(private readonly options: MinidumpPickupOptions) {}

  private taken(): Set<string> {
    try {
      return new Set(LedgerSchema.parse(JSON.parse(readFileSync(this.options.ledgerFile, 'utf8'))).taken);
    } catch {
      return new Set();
    }
  }

  /**
   * Takes every dump not taken before whose writing has finished: its size is the one seen last
   * time, or it has not changed for DUMP_SETTLED_MS. `unsettled` says how many are still being
   * written; the caller looks again a moment later.
   */
  pickUp(): string[] {
    const taken = this.taken();
    const recorded: string[] = [];
    const now = this.options.now?.() ?? Date.now();
    this.unsettled = 0;
    for (const folder of this.options.folders) {
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)
        .filter((entry) => entry.endsWith('.dmp'))
        .sort()) {
        const file = path.join(folder, name);
        const identity = dumpIdentity(file);
        if (taken.has(identity)) continue;
        const stats = statSync(file);
        const settled = this.growing.get(identity) === stats.size || now - stats.mtimeMs >= DUMP_SETTLED_MS;
        if (!settled) {
          this.growing.set(identity, stats.size);
          this.unsettled++;
          continue;
        }
        this.growing.delete(identity);
        recorded.push(this.take(file, identity, stats.mtime));
        taken.add(identity);
        // Remembered after each dump, so a crash in the middle loses nothing and repeats nothing.
        writeFileDurableSync(this.options.ledgerFile, JSON.stringify({ taken: [...taken] }));
      }
    }
    return recorded;
  }

  private take(file: string, identity: string, writtenAt: Date): string {
    const id = eventIdFor(identity);
    const copy = path.join(this.options.store.folder, `${id}.dmp`);
    copyFileSync(file, copy);
    // The copy is the user's crash, like every file Candor keeps: owner-only.
    chmodSync(copy, 0o600);
    let processType = 'unknown';
    let exceptionName: string | undefined;
    let module: string | undefined;
    try {
      const dump = readMinidump(readFileSync(copy));
      const annotations = { ...dump.crashpad?.moduleSimpleAnnotations, ...dump.crashpad?.simpleAnnotations };
      processType = processTypeName(annotations.process_type ?? annotations.ptype ?? (dump.crashpad === undefined ? 'unknown' : 'browser'));
      exceptionName = dump.exception?.name ?? (dump.exception === undefined ? undefined : `0x${dump.exception.code.toString(16)}`);
      module = dump.modules[0]?.path;
    } catch (error) {
      // A dump the reader cannot read is still the user's crash: it is kept and shown as unreadable.
      if (!(error instanceof MinidumpError)) throw error;
    }
    const minidump = { path: copy, sizeBytes: statSync(copy).size };
    // Electron reports a crashed process as gone before Crashpad has written its dump: that
    // event and this dump are one crash.
    const gone = this.options.store
      .pending()
      .find(
        (event) =>
          event.kind === 'process-gone' &&
          event.minidump === undefined &&
          event.processType === processType &&
          Math.abs(new Date(event.occurredAt).getTime() - writtenAt.getTime()) <= GONE_PROCESS_MATCH_MS,
      );
    if (gone !== undefined) return this.options.store.update(gone.id, { minidump }).id;
    const event = this.options.store.record({
      id,
      kind: 'native',
      processType,
      app: this.options.app,
      occurredAt: writtenAt,
      minidump,
      exceptionName,
      module,
    });
    return event.id;
  }
}

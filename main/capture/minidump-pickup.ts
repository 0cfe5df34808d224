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

/** A dump is the same dump while its path, size and modification time are. */
function dumpIdentity(file: string, sizeBytes: number, modifiedMs: number): string {
  return `${file}\0${sizeBytes}\0${Math.round(modifiedMs)}`;
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
}

/**
 * Takes the minidumps Crashpad wrote since last time: copies each into Candor's crash folder
 * (Crashpad prunes its own), records a native crash event for it, and remembers it as taken.
 */
export class MinidumpPickup {
  constructor(private readonly options: MinidumpPickupOptions) {}

  private taken(): Set<string> {
    try {
      return new Set(LedgerSchema.parse(JSON.parse(readFileSync(this.options.ledgerFile, 'utf8'))).taken);
    } catch {
      return new Set();
    }
  }

  pickUp(): string[] {
    const taken = this.taken();
    const recorded: string[] = [];
    for (const folder of this.options.folders) {
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)
        .filter((entry) => entry.endsWith('.dmp'))
        .sort()) {
        const file = path.join(folder, name);
        const stats = statSync(file);
        const identity = dumpIdentity(file, stats.size, stats.mtimeMs);
        if (taken.has(identity)) continue;
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

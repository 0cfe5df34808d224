import path from 'node:path';
import { z } from 'zod';
import { CrashFileSchema, type CrashFile } from '../../contract/crash-file';
import type { NewCrash } from './crash-store';
import { FileRefusedError, readRegularFile } from '../storage/regular-file';

/** A crash file is a small JSON document; a larger one is refused before it is parsed. */
export const MAX_CRASH_FILE_BYTES = 4 * 1024 * 1024;

/** A crash file that cannot be taken: the message names the file and what is wrong with it. */
export class CrashFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrashFileError';
  }
}

/** Reads and validates a crash file; relative minidump and log paths are resolved against its folder. */
export async function readCrashFile(file: string): Promise<CrashFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, 'crash file', MAX_CRASH_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileRefusedError) throw new CrashFileError(error.message);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new CrashFileError(`crash file ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = CrashFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CrashFileError(
      `crash file ${file} does not match the crash-file format: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`,
    );
  }
  const folder = path.dirname(path.resolve(file));
  const crash = parsed.data;
  if (crash.minidump !== undefined) crash.minidump = path.resolve(folder, crash.minidump);
  if (crash.log !== undefined) crash.log = path.resolve(folder, crash.log);
  return crash;
}

/** What the store records for a handed-over crash (the minidump is attached by the caller, who copies it). */
export function crashFromFile(crash: CrashFile): NewCrash {
  return {
    kind: crash.kind,
    processType: crash.processType ?? 'main',
    app: crash.app,
    ...(crash.error === undefined ? {} : { error: crash.error }),
    ...(crash.exit === undefined ? {} : { exit: crash.exit }),
    ...(crash.log === undefined ? {} : { log: { path: crash.log } }),
    ...(crash.occurredAt === undefined ? {} : { occurredAt: new Date(crash.occurredAt) }),
  };
}

/** The path after `--crash-file` (or in `--crash-file=PATH`) among a program's arguments. */
export function crashFileArgument(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument.startsWith('--crash-file=')) return argument.slice('--crash-file='.length) || undefined;
    if (argument === '--crash-file') return argv[index + 1];
  }
  return undefined;
}

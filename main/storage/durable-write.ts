import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { open, rename, unlink } from 'node:fs/promises';

/** Suffix of a write in progress; a file with it is a leftover of an interrupted write. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Flushes a folder's entry table, so a rename inside it survives power loss. Windows cannot
 * open folders for this and makes renames durable itself.
 */
export function fsyncFolderSync(folder: string): void {
  if (process.platform === 'win32') return;
  const descriptor = openSync(folder, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes a file so that after a crash or power loss it holds either its old content or all of
 * the new: temporary file, fsync, rename, fsync of the folder. Synchronous, because it is also
 * used while the process may be dying. Errors are thrown, never swallowed.
 */
export function writeFileDurableSync(file: string, data: string | Uint8Array, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(descriptor);
  renameSync(temporary, file);
  fsyncFolderSync(path.dirname(file));
}

/**
 * The same durable write without blocking the event loop, for the report server: the fsyncs run
 * on libuv's thread pool, so several reports' files reach the disk at once.
 */
export async function writeFileDurable(file: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary);
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
  if (process.platform === 'win32') return;
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The writing process's id in a temporary file's name: `<file>.<pid>.<8 hex>.tmp`. */
const TEMPORARY_NAME = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what writes cut short by a kill left behind: temporary files whose writing process is
 * gone (one still running may be mid-write and is left alone). Returns how many it removed.
 */
export function removeStaleTemporaries(folder: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const pid = TEMPORARY_NAME.exec(entry.name)?.[1];
    if (!entry.isFile() || pid === undefined || isRunning(Number(pid))) continue;
    rmSync(path.join(entry.parentPath, entry.name), { force: true });
    removed++;
  }
  return removed;
}

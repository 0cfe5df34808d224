import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** A path that is not a regular file Candor may read, or one past its size limit; the message says which and why. */
export class FileRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefusedError';
  }
}

/** Node's documentation: on Windows only some O_ flags exist, O_NONBLOCK not among them; opening a pipe does not wait there. */
const NON_BLOCKING: number = (constants as Partial<typeof constants>).O_NONBLOCK ?? 0;

/** A minidump's first four bytes: "MDMP". */
const MINIDUMP_SIGNATURE = 0x504d444d;

/**
 * Opens a path only if it is a regular file no larger than `maxBytes`. Opened without blocking, so
 * a FIFO is refused instead of waiting forever for a writer, and checked on the open descriptor,
 * so the file cannot be swapped between the check and the read. `what` names it in messages.
 */
async function openRegularFile(file: string, what: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | NON_BLOCKING);
  } catch (error) {
    throw new FileRefusedError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new FileRefusedError(`${what} ${file} is not a regular file`);
    if (stats.size > maxBytes) throw new FileRefusedError(`${what} ${file} is ${stats.size} bytes; the limit is ${maxBytes}`);
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readAt(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** A regular file, whole, no larger than `maxBytes`. */
export async function readRegularFile(file: string, what: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file, what, maxBytes);
  try {
    return await readAt(handle, size, 0);
  } finally {
    await handle.close();
  }
}

/** The last `tailBytes` of a regular file of any size: a log carries its end into a report. */
export async function readRegularFileTail(file: string, what: string, tailBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file, what, Number.MAX_SAFE_INTEGER);
  try {
    const length = Math.min(size, tailBytes);
    return await readAt(handle, length, size - length);
  } finally {
    await handle.close();
  }
}

/** A regular file that is a minidump by its header (read before the rest), no larger than `maxBytes`. */
export async function readMinidumpFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file, 'minidump', maxBytes);
  try {
    const header = await readAt(handle, 4, 0);
    if (header.length < 4 || header.readUInt32LE(0) !== MINIDUMP_SIGNATURE)
      throw new FileRefusedError(`${file} is not a minidump: it does not start with the MDMP signature`);
    return await readAt(handle, size, 0);
  } finally {
    await handle.close();
  }
}

/** Checks that a path is a regular file, without reading it: for a log read later. */
export async function checkRegularFile(file: string, what: string): Promise<void> {
  const { handle } = await openRegularFile(file, what, Number.MAX_SAFE_INTEGER);
  await handle.close();
}

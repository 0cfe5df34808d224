import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { symbolFileName, SymbolStore } from '../../main/symbols/symbol-store';

/**
 * The report server's symbol files, kept as Breakpad and Mozilla keep them:
 * `<root>/store/<debug file>/<debug id>/<name>.sym`, with their indexes in `<root>/index`. A file
 * is placed by its own MODULE line, never by a name the uploader gives, so an upload cannot write
 * anywhere else; fields an uploader sends (symupload's `debug_file`, `debug_identifier`) must agree.
 */

/** Electron's own symbol files run to hundreds of megabytes. */
export const MAX_SYMBOL_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** A zip of a symbol store: at most this many entries, and this much unpacked. */
export const MAX_ZIP_ENTRIES = 10_000;
export const MAX_ZIP_UNPACKED_BYTES = 8 * 1024 * 1024 * 1024;
/** The MODULE line comes first; INFO CODE_ID right after it. */
const HEADER_READ_BYTES = 64 * 1024;

export class SymbolUploadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'SymbolUploadError';
  }
}

export interface StoredSymbolFile {
  debugFile: string;
  debugId: string;
  os: string;
  cpu: string;
  codeFile?: string;
  codeId?: string;
  sizeBytes: number;
  storedAt: string;
}

const DEBUG_ID = /^[0-9A-Fa-f]{1,64}$/;

/** A file name from a MODULE line or a field: one path segment, printable, not `.` or `..`. */
function isSafeName(name: string): boolean {
  let printable = true;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) printable = false;
  }
  return name !== '' && name !== '.' && name !== '..' && name.length <= 255 && printable && !/[\\/]/.test(name);
}

/** The MODULE and INFO CODE_ID lines at the start of a symbol file. */
export async function readSymbolHeader(file: string): Promise<Omit<StoredSymbolFile, 'sizeBytes' | 'storedAt'>> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(HEADER_READ_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const lines = text.split('\n', 8).map((line) => line.replace(/\r$/, ''));
  const module = /^MODULE (\S+) (\S+) (\S+) (.+)$/.exec(lines[0] ?? '');
  if (module === null) throw new SymbolUploadError(400, 'not a Breakpad symbol file: it does not start with a MODULE line');
  const [, os = '', cpu = '', debugId = '', debugFile = ''] = module;
  if (!DEBUG_ID.test(debugId)) throw new SymbolUploadError(400, `the MODULE line's debug id "${debugId.slice(0, 80)}" is not hexadecimal`);
  if (!isSafeName(debugFile))
    throw new SymbolUploadError(400, `the MODULE line's debug file "${debugFile.slice(0, 80)}" is not a file name`);
  const header: Omit<StoredSymbolFile, 'sizeBytes' | 'storedAt'> = { debugFile, debugId: debugId.toUpperCase(), os, cpu };
  const info = lines.map((line) => /^INFO CODE_ID (\S+)(?: (.+))?$/.exec(line)).find((match) => match !== null);
  if (info?.[1] !== undefined && DEBUG_ID.test(info[1])) header.codeId = info[1].toUpperCase();
  if (info?.[2] !== undefined && isSafeName(info[2])) header.codeFile = info[2];
  return header;
}

/** Passes bytes through, failing once more than `limit` have passed. */
function byteLimit(limit: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new SymbolUploadError(413, `${what} is larger than ${limit} bytes`));
      else done(null, chunk);
    },
  });
}

export class ServerSymbols {
  readonly storeDir: string;
  readonly indexDir: string;
  private readonly incomingDir: string;

  constructor(readonly root: string) {
    this.storeDir = path.join(root, 'store');
    this.indexDir = path.join(root, 'index');
    this.incomingDir = path.join(root, 'incoming');
  }

  /** A new temporary file name for an upload being received. */
  async temporaryFile(suffix: string): Promise<string> {
    await mkdir(this.incomingDir, { recursive: true });
    return path.join(this.incomingDir, `${Date.now()}-${randomBytes(6).toString('hex')}${suffix}`);
  }

  /** Writes a stream (through any transforms after it) to a temporary file, refusing it past `limit` bytes. */
  async receive(source: Readable | readonly [Readable, ...Transform[]], limit: number, what: string): Promise<string> {
    const file = await this.temporaryFile('.part');
    const stages = Array.isArray(source) ? source : [source];
    try {
      await pipeline([...stages, byteLimit(limit, what), createWriteStream(file, { mode: 0o600 })]);
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return file;
  }

  /**
   * Moves a received symbol file into the store under its MODULE line's names, replacing an
   * earlier upload of the same module. `expected` holds what the uploader said it is.
   */
  async add(file: string, expected: { debugFile?: string | undefined; debugId?: string | undefined } = {}): Promise<StoredSymbolFile> {
    try {
      const header = await readSymbolHeader(file);
      if (expected.debugFile !== undefined && expected.debugFile !== '' && expected.debugFile !== header.debugFile) {
        throw new SymbolUploadError(
          400,
          `debug_file "${expected.debugFile}" does not match the file's MODULE line ("${header.debugFile}")`,
        );
      }
      if (expected.debugId !== undefined && expected.debugId !== '' && expected.debugId.toUpperCase() !== header.debugId) {
        throw new SymbolUploadError(
          400,
          `debug_identifier "${expected.debugId}" does not match the file's MODULE line ("${header.debugId}")`,
        );
      }
      const folder = path.join(this.storeDir, header.debugFile, header.debugId);
      await mkdir(folder, { recursive: true });
      const target = path.join(folder, symbolFileName(header.debugFile));
      await rename(file, target);
      const info = await stat(target);
      return { ...header, sizeBytes: info.size, storedAt: info.mtime.toISOString() };
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Every `.sym` in a zip laid out as a symbol store (or any layout: each file is placed by its MODULE line). */
  async addZip(zipFile: string): Promise<StoredSymbolFile[]> {
    const entries = await readZipDirectory(zipFile);
    const stored: StoredSymbolFile[] = [];
    let unpacked = 0;
    for (const entry of entries) {
      if (!entry.name.toLowerCase().endsWith('.sym') || entry.name.endsWith('/')) continue;
      unpacked += entry.uncompressedBytes;
      if (unpacked > MAX_ZIP_UNPACKED_BYTES || entry.uncompressedBytes > MAX_SYMBOL_FILE_BYTES) {
        throw new SymbolUploadError(413, `the zip unpacks to more than ${MAX_ZIP_UNPACKED_BYTES} bytes of symbol files`);
      }
      const data = await zipEntryStream(zipFile, entry);
      const file = await this.receive(data, entry.uncompressedBytes, `${entry.name} in the zip`);
      stored.push(await this.add(file));
    }
    if (stored.length === 0) throw new SymbolUploadError(400, 'the zip holds no .sym files');
    return stored;
  }

  /** A `.sym` file, a `.zip`, or a folder searched for `.sym` files (for `candor-server symbols add`). */
  async addPath(target: string): Promise<StoredSymbolFile[]> {
    const info = await stat(target);
    if (info.isDirectory()) {
      const stored: StoredSymbolFile[] = [];
      for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.sym')) continue;
        stored.push(await this.add(await this.copyIn(path.join(entry.parentPath, entry.name))));
      }
      if (stored.length === 0) throw new SymbolUploadError(400, `${target} holds no .sym files`);
      return stored;
    }
    if (target.toLowerCase().endsWith('.zip')) return this.addZip(target);
    return [await this.add(await this.copyIn(target))];
  }

  private async copyIn(file: string): Promise<string> {
    return this.receive(createReadStream(file), MAX_SYMBOL_FILE_BYTES, file);
  }

  /** The symbol files held, by debug file and id. */
  async list(): Promise<StoredSymbolFile[]> {
    const stored: StoredSymbolFile[] = [];
    const debugFiles = await readdir(this.storeDir).catch(() => []);
    for (const debugFile of debugFiles.sort()) {
      for (const debugId of (await readdir(path.join(this.storeDir, debugFile)).catch(() => [])).sort()) {
        const file = path.join(this.storeDir, debugFile, debugId, symbolFileName(debugFile));
        const info = await stat(file).catch(() => undefined);
        if (info === undefined) continue;
        const header = await readSymbolHeader(file).catch(() => undefined);
        if (header === undefined) continue;
        stored.push({ ...header, sizeBytes: info.size, storedAt: info.mtime.toISOString() });
      }
    }
    return stored;
  }

  /** Lookups over the held symbols, for the walker. */
  lookups(): SymbolStore {
    return new SymbolStore([this.storeDir], this.indexDir);
  }

  /** Removes uploads a crash or kill left half-received. */
  async sweepIncoming(): Promise<void> {
    await rm(this.incomingDir, { recursive: true, force: true });
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  localHeaderOffset: number;
}

/** The end-of-central-directory record is in the last 64 KiB + 22 bytes of a zip. */
const EOCD_SEARCH_BYTES = 65_557;

/** The central directory of a zip (PKWARE APPNOTE 4.3.12, 4.3.16); Zip64 is refused. */
export async function readZipDirectory(zipFile: string): Promise<ZipEntry[]> {
  const handle = await open(zipFile, 'r');
  try {
    const { size } = await handle.stat();
    const tailBytes = Math.min(size, EOCD_SEARCH_BYTES);
    const tail = Buffer.alloc(tailBytes);
    await handle.read(tail, 0, tailBytes, size - tailBytes);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) throw new SymbolUploadError(400, 'not a zip file: no end of central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const directoryBytes = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff)
      throw new SymbolUploadError(400, 'Zip64 archives are not accepted; split the upload');
    if (count > MAX_ZIP_ENTRIES) throw new SymbolUploadError(413, `the zip has ${count} entries; at most ${MAX_ZIP_ENTRIES} are read`);
    if (directoryOffset + directoryBytes > size) throw new SymbolUploadError(400, 'the zip is truncated: its directory lies past its end');
    const directory = Buffer.alloc(directoryBytes);
    await handle.read(directory, 0, directoryBytes, directoryOffset);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let index = 0; index < count; index++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50)
        throw new SymbolUploadError(400, 'the zip directory is damaged');
      const nameBytes = directory.readUInt16LE(at + 28);
      const extraBytes = directory.readUInt16LE(at + 30);
      const commentBytes = directory.readUInt16LE(at + 32);
      const entry: ZipEntry = {
        method: directory.readUInt16LE(at + 10),
        compressedBytes: directory.readUInt32LE(at + 20),
        uncompressedBytes: directory.readUInt32LE(at + 24),
        localHeaderOffset: directory.readUInt32LE(at + 42),
        name: directory.subarray(at + 46, at + 46 + nameBytes).toString('utf8'),
      };
      if (entry.localHeaderOffset + 30 + entry.compressedBytes > size)
        throw new SymbolUploadError(400, `the zip entry ${entry.name} lies past its end`);
      entries.push(entry);
      at += 46 + nameBytes + extraBytes + commentBytes;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** The bytes of one entry, inflated if deflated (method 8); stored (0) as they are. */
async function zipEntryStream(zipFile: string, entry: ZipEntry): Promise<readonly [Readable, ...Transform[]]> {
  if (entry.method !== 0 && entry.method !== 8)
    throw new SymbolUploadError(400, `${entry.name}: zip compression method ${entry.method} is not read (use deflate)`);
  const handle = await open(zipFile, 'r');
  const local = Buffer.alloc(30);
  try {
    await handle.read(local, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== 0x04034b50) throw new SymbolUploadError(400, `the zip entry ${entry.name} has no local header`);
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw: Readable =
    entry.compressedBytes === 0
      ? Readable.from([])
      : createReadStream(zipFile, { start: dataStart, end: dataStart + entry.compressedBytes - 1 });
  return entry.method === 0 ? [raw] : [raw, createInflateRaw()];
}

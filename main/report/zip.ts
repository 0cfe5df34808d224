import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** A file to put in a zip archive. */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_unused, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

/** CRC-32 (IEEE) of `bytes`, continuing from `previous` (the CRC of what came before), as zip entries carry it. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Classic zip counts sizes and offsets in 32 bits. */
const ZIP_LIMIT_BYTES = 0xffffffff;
const MAX_ENTRIES = 0xffff;

interface StoredEntry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

function localHeader(entry: StoredEntry): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // names are UTF-8
  local.writeUInt32LE(entry.crc, 14);
  local.writeUInt32LE(entry.size, 18);
  local.writeUInt32LE(entry.size, 22);
  local.writeUInt16LE(entry.name.length, 26);
  return Buffer.concat([local, entry.name]);
}

function centralDirectory(entries: readonly StoredEntry[], offset: number): Buffer {
  const centrals = entries.map((entry) => {
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.size, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(entry.offset, 42);
    return Buffer.concat([central, entry.name]);
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([directory, end]);
}

/**
 * A zip archive of stored (uncompressed) entries: every unzip tool reads it, and the files come
 * out byte for byte as they were approved. Limited to the 4 GiB of classic zip, plenty for reports.
 */
export function zipStore(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const stored: StoredEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    const item = { name: Buffer.from(entry.name, 'utf8'), crc: crc32(entry.bytes), size: entry.bytes.length, offset };
    const header = localHeader(item);
    parts.push(header, Buffer.from(entry.bytes));
    stored.push(item);
    offset += header.length + entry.bytes.length;
  }
  return Buffer.concat([...parts, centralDirectory(stored, offset)]);
}

/** A file that changed or grew past the limits while it was being put in an archive. */
export class ZipWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipWriteError';
  }
}

const CHUNK_BYTES = 1024 * 1024;

/** Reads a file a chunk at a time, calling `use` on each; returns its length. */
function eachChunk(file: string, use: (chunk: Buffer) => void): number {
  const descriptor = openSync(file, 'r');
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let total = 0;
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) return total;
      total += read;
      use(buffer.subarray(0, read));
    }
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes a stored zip archive to disk a file at a time, holding one chunk in memory whatever the
 * files weigh. Each file is read twice (its CRC goes in the header before its bytes) and refused
 * if it changed in between. The archive appears under its name only when `finish` succeeded.
 */
export class ZipFileWriter {
  private readonly descriptor: number;
  private readonly partial: string;
  private readonly entries: StoredEntry[] = [];
  private offset = 0;

  constructor(private readonly file: string) {
    this.partial = `${file}.partial`;
    this.descriptor = openSync(this.partial, 'w', 0o600);
  }

  private write(bytes: Buffer): void {
    if (this.offset + bytes.length > ZIP_LIMIT_BYTES)
      throw new ZipWriteError('the archive would be larger than the 4 GiB a zip file can hold');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.descriptor, bytes, written, bytes.length - written);
    this.offset += bytes.length;
  }

  private begin(name: string, crc: number, size: number): void {
    if (this.entries.length >= MAX_ENTRIES) throw new ZipWriteError(`an archive holds at most ${MAX_ENTRIES} files`);
    const entry = { name: Buffer.from(name, 'utf8'), crc, size, offset: this.offset };
    this.entries.push(entry);
    this.write(localHeader(entry));
  }

  /** Adds bytes held in memory; returns their SHA-256. */
  addBytes(name: string, bytes: Uint8Array): string {
    this.begin(name, crc32(bytes), bytes.length);
    this.write(Buffer.from(bytes));
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Adds a file from disk; returns its size and SHA-256. */
  addFile(name: string, source: string): { sizeBytes: number; sha256: string } {
    let crc = 0;
    const hash = createHash('sha256');
    const size = eachChunk(source, (chunk) => {
      crc = crc32(chunk, crc);
      hash.update(chunk);
    });
    this.begin(name, crc, size);
    let again = 0;
    const copied = eachChunk(source, (chunk) => {
      again = crc32(chunk, again);
      this.write(chunk);
    });
    if (copied !== size || again !== crc) throw new ZipWriteError(`${source} changed while it was being exported; export again`);
    return { sizeBytes: size, sha256: hash.digest('hex') };
  }

  /** Writes the directory, flushes to disk and gives the archive its name. */
  finish(): { sizeBytes: number; files: number } {
    this.write(centralDirectory(this.entries, this.offset));
    fsyncSync(this.descriptor);
    closeSync(this.descriptor);
    renameSync(this.partial, this.file);
    return { sizeBytes: this.offset, files: this.entries.length };
  }

  /** Gives up: the partial archive is removed. */
  abandon(): void {
    try {
      closeSync(this.descriptor);
    } catch {
      // Already closed by finish.
    }
    rmSync(this.partial, { force: true });
  }
}

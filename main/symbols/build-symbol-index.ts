import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, ftruncateSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SymbolFileReader } from '../minidump/symbols/symbol-file';
import {
  indexHeader,
  RECORD_BYTES,
  RECORD_SECTIONS,
  sortKey,
  sortRecords,
  Section,
  type IndexLayout,
  type IndexSink,
  type RecordSection,
} from '../minidump/symbols/symbol-index';

/**
 * Builds the index of a symbol file of any size in bounded memory: the file is read twice as a
 * stream, first to learn how many records of each kind it holds (so every section's place in the
 * index is known), then to write each record at its place. The reader holds only the open
 * function's records; the writer holds one buffer per section. A section that came out of
 * address order (real symbol files are in order) is sorted on disk in runs, then merged.
 */

/** Bytes buffered per section before they are written. */
const WRITE_BUFFER_BYTES = 256 * 1024;
/** Records sorted in memory at once when a section must be sorted on disk. */
const SORT_RUN_BYTES = 32 * 1024 * 1024;
/** Records read ahead from each sorted run while merging. */
const MERGE_READ_BYTES = 256 * 1024;

class SymbolFileChangedError extends Error {
  constructor(file: string) {
    super(`${file} changed while it was being indexed`);
    this.name = 'SymbolFileChangedError';
  }
}

const NOTHING: IndexSink = { record: () => undefined, string: () => undefined };

async function readSymbolFile(file: string, sink: IndexSink): Promise<IndexLayout> {
  const reader = new SymbolFileReader(sink);
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) reader.push(String(chunk));
  return reader.end();
}

/** Appends to each section at its place in the index file, through a buffer per section. */
class FileIndexSink implements IndexSink {
  private readonly cursors = new Map<Section, number>();
  private readonly buffers = new Map<Section, { bytes: Uint8Array; used: number }>();

  constructor(
    private readonly descriptor: number,
    offsets: Readonly<Record<Section, number>>,
  ) {
    for (const section of [...RECORD_SECTIONS, Section.Strings]) {
      this.cursors.set(section, offsets[section]);
      this.buffers.set(section, { bytes: new Uint8Array(WRITE_BUFFER_BYTES), used: 0 });
    }
  }

  record(section: RecordSection, bytes: Uint8Array): void {
    this.append(section, bytes);
  }

  string(utf8: Uint8Array): void {
    this.append(Section.Strings, utf8);
  }

  private append(section: Section, bytes: Uint8Array): void {
    const buffer = this.buffers.get(section);
    if (buffer === undefined) return;
    if (buffer.used + bytes.length > buffer.bytes.length) this.flushSection(section);
    if (bytes.length > buffer.bytes.length) {
      this.write(section, bytes);
      return;
    }
    buffer.bytes.set(bytes, buffer.used);
    buffer.used += bytes.length;
  }

  private write(section: Section, bytes: Uint8Array): void {
    const at = this.cursors.get(section) ?? 0;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.descriptor, bytes, written, bytes.length - written, at + written);
    this.cursors.set(section, at + bytes.length);
  }

  private flushSection(section: Section): void {
    const buffer = this.buffers.get(section);
    if (buffer === undefined || buffer.used === 0) return;
    this.write(section, buffer.bytes.subarray(0, buffer.used));
    buffer.used = 0;
  }

  flush(): void {
    for (const section of this.buffers.keys()) this.flushSection(section);
  }
}

function readExactly(descriptor: number, bytes: Uint8Array, position: number): void {
  let read = 0;
  while (read < bytes.length) {
    const got = readSync(descriptor, bytes, read, bytes.length - read, position + read);
    if (got === 0) throw new Error(`symbol index: short read at ${position + read}`);
    read += got;
  }
}

function writeExactly(descriptor: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written, position + written);
}

/** Sorts one section of the index file by its key, stably, holding at most one run in memory. */
export function sortSectionOnDisk(
  descriptor: number,
  section: RecordSection,
  offset: number,
  count: number,
  scratchFile: string,
  runBytes = SORT_RUN_BYTES,
): void {
  const size = RECORD_BYTES[section];
  const runRecords = Math.max(1, Math.floor(runBytes / size));
  const runs: { start: number; count: number }[] = [];
  for (let start = 0; start < count; start += runRecords) {
    const records = Math.min(runRecords, count - start);
    const bytes = new Uint8Array(records * size);
    readExactly(descriptor, bytes, offset + start * size);
    sortRecords(section, bytes, records);
    writeExactly(descriptor, bytes, offset + start * size);
    runs.push({ start, count: records });
  }
  if (runs.length < 2) return;

  // Merge the runs into a scratch file, then copy it back over the section.
  const scratch = openSync(scratchFile, 'w+', 0o600);
  try {
    const perRead = Math.max(1, Math.floor(MERGE_READ_BYTES / size));
    const heads = runs.map((run) => ({ ...run, next: 0, buffer: new Uint8Array(0), at: 0 }));
    const refill = (head: (typeof heads)[number]): void => {
      const records = Math.min(perRead, head.count - head.next);
      head.buffer = new Uint8Array(records * size);
      if (records > 0) readExactly(descriptor, head.buffer, offset + (head.start + head.next) * size);
      head.next += records;
      head.at = 0;
    };
    heads.forEach(refill);
    const out = new Uint8Array(perRead * size);
    let outUsed = 0;
    let written = 0;
    for (let merged = 0; merged < count; merged++) {
      let best = -1;
      let bestKey = Infinity;
      heads.forEach((head, index) => {
        if (head.at >= head.buffer.length) return;
        const key = sortKey(section, new DataView(head.buffer.buffer, head.at, size));
        // Strictly smaller: among equal keys the earlier run wins, which keeps the sort stable.
        if (best < 0 || key < bestKey) {
          best = index;
          bestKey = key;
        }
      });
      const head = heads[best];
      if (head === undefined) break;
      out.set(head.buffer.subarray(head.at, head.at + size), outUsed);
      outUsed += size;
      head.at += size;
      if (head.at >= head.buffer.length) refill(head);
      if (outUsed === out.length) {
        writeExactly(scratch, out, written);
        written += outUsed;
        outUsed = 0;
      }
    }
    writeExactly(scratch, out.subarray(0, outUsed), written);
    const copy = new Uint8Array(Math.min(SORT_RUN_BYTES, count * size));
    for (let at = 0; at < count * size; at += copy.length) {
      const piece = copy.subarray(0, Math.min(copy.length, count * size - at));
      readExactly(scratch, piece, at);
      writeExactly(descriptor, piece, offset + at);
    }
  } finally {
    closeSync(scratch);
    rmSync(scratchFile, { force: true });
  }
}

/** Reads a symbol file into an index file, written whole under a temporary name and then renamed. */
export async function buildSymbolIndex(symbolFile: string, indexFile: string): Promise<IndexLayout> {
  const before = statSync(symbolFile);
  const layout = await readSymbolFile(symbolFile, NOTHING);
  const { header, offsets, totalBytes } = indexHeader(layout);
  await mkdir(path.dirname(indexFile), { recursive: true });
  const temporary = `${indexFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const descriptor = openSync(temporary, 'wx+', 0o600);
  try {
    const sink = new FileIndexSink(descriptor, offsets);
    const written = await readSymbolFile(symbolFile, sink);
    sink.flush();
    const after = statSync(symbolFile);
    const sameCounts = RECORD_SECTIONS.every((section) => written.counts[section] === layout.counts[section]);
    if (!sameCounts || written.stringBytes !== layout.stringBytes || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new SymbolFileChangedError(symbolFile);
    }
    writeExactly(descriptor, header, 0);
    ftruncateSync(descriptor, totalBytes);
    for (const section of layout.unsorted) {
      sortSectionOnDisk(descriptor, section, offsets[section], layout.counts[section], `${temporary}.sort`);
    }
    closeSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  renameSync(temporary, indexFile);
  return layout;
}

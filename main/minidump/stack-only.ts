import { BinaryReader, MinidumpError } from './binary-reader';
import { readMinidump, type StreamEntry } from './read-minidump';
import { STREAM_TYPE } from './stream-types';

const HEADER_BYTES = 32;
const DIRECTORY_ENTRY_BYTES = 12;
const THREAD_BYTES = 48;
const MODULE_BYTES = 108;
const MEMORY_DESCRIPTOR_BYTES = 16;

/** Streams a stack trace needs, copied as they are (with the blobs they point at relocated). */
const KEPT_STREAMS: ReadonlySet<number> = new Set([
  STREAM_TYPE.SystemInfo,
  STREAM_TYPE.MiscInfo,
  STREAM_TYPE.Exception,
  STREAM_TYPE.ThreadList,
  STREAM_TYPE.ModuleList,
  STREAM_TYPE.BreakpadInfo,
  STREAM_TYPE.AssertionInfo,
  STREAM_TYPE.LinuxCpuInfo,
  STREAM_TYPE.LinuxLsbRelease,
]);

/** Appends blobs after the header and directory, 4-byte aligned as the format asks, remembering where each went. */
class DumpWriter {
  private readonly parts: Buffer[] = [];
  private size: number;

  constructor(reserved: number) {
    this.size = reserved;
  }

  append(blob: Buffer): { rva: number; blob: Buffer } {
    const padding = (4 - (this.size % 4)) % 4;
    if (padding > 0) this.parts.push(Buffer.alloc(padding));
    const copy = Buffer.from(blob);
    const rva = this.size + padding;
    this.parts.push(copy);
    this.size = rva + copy.length;
    return { rva, blob: copy };
  }

  finish(head: Buffer): Buffer {
    return Buffer.concat([head, ...this.parts]);
  }
}

/**
 * Rewrites a minidump keeping what a stack trace needs — system and exception information,
 * thread stacks and contexts, the module list — and dropping every other memory region, the
 * environment, the command line and other process data. The result is a valid minidump that
 * `readMinidump` parses.
 */
export function stackOnlyMinidump(bytes: Buffer): Buffer {
  const dump = readMinidump(bytes);
  const reader = new BinaryReader(bytes);
  const kept = dump.streams.filter((stream) => KEPT_STREAMS.has(stream.type));
  const streamCount = kept.length + 1; // and a new MemoryList of the stacks
  const writer = new DumpWriter(HEADER_BYTES + streamCount * DIRECTORY_ENTRY_BYTES);
  const directory: { type: number; size: number; rva: number }[] = [];
  const stacks: { start: bigint; size: number; rva: number }[] = [];

  /** Copies the blob a LOCATION_DESCRIPTOR (size, rva) at `at` points to, and points it at the copy. */
  const relocate = (target: Buffer, at: number, sourceAt: number): void => {
    const size = reader.u32(sourceAt, 'location size');
    const rva = reader.u32(sourceAt + 4, 'location offset');
    if (size === 0 || rva === 0) return;
    writeU32(target, writer.append(reader.slice(rva, size, 'located blob')).rva, at + 4);
  };
  /** Copies a MINIDUMP_STRING (length, UTF-16, terminator when present) an RVA field points to. */
  const relocateString = (target: Buffer, at: number, sourceRva: number): void => {
    if (sourceRva === 0) return;
    const length = reader.u32(sourceRva, 'string length');
    const total = Math.min(4 + length + 2, reader.size - sourceRva);
    writeU32(target, writer.append(reader.slice(sourceRva, total, 'string')).rva, at);
  };

  for (const stream of kept) {
    const { rva, blob } = writer.append(reader.slice(stream.rva, stream.sizeBytes, stream.name));
    directory.push({ type: stream.type, size: stream.sizeBytes, rva });
    const local = (absolute: number): number => absolute - stream.rva;
    switch (stream.type) {
      case STREAM_TYPE.SystemInfo:
        relocateString(blob, 24, reader.u32(stream.rva + 24, 'service pack string offset'));
        break;
      case STREAM_TYPE.Exception:
        if (stream.sizeBytes >= 168) relocate(blob, 160, stream.rva + 160);
        break;
      case STREAM_TYPE.ThreadList: {
        const first = listStart(reader, stream, THREAD_BYTES);
        for (let index = 0; index < dump.threads.length; index++) {
          const at = first + index * THREAD_BYTES;
          relocate(blob, local(at) + 32, at + 32);
          relocate(blob, local(at) + 40, at + 40);
          const thread = dump.threads[index];
          if (thread !== undefined && thread.stack.sizeBytes > 0) {
            stacks.push({ start: thread.stack.start, size: thread.stack.sizeBytes, rva: readU32(blob, local(at) + 36) });
          }
        }
        break;
      }
      case STREAM_TYPE.ModuleList: {
        const first = listStart(reader, stream, MODULE_BYTES);
        for (let index = 0; index < dump.modules.length; index++) {
          const at = first + index * MODULE_BYTES;
          relocateString(blob, local(at) + 20, reader.u32(at + 20, 'module name offset'));
          relocate(blob, local(at) + 76, at + 76);
          relocate(blob, local(at) + 84, at + 84);
        }
        break;
      }
      default:
        // Kept streams of other types hold no offsets.
        break;
    }
  }

  const memoryList = Buffer.alloc(4 + stacks.length * MEMORY_DESCRIPTOR_BYTES);
  memoryList.writeUInt32LE(stacks.length, 0);
  stacks.forEach((stack, index) => {
    const at = 4 + index * MEMORY_DESCRIPTOR_BYTES;
    memoryList.writeBigUInt64LE(stack.start, at);
    memoryList.writeUInt32LE(stack.size, at + 8);
    memoryList.writeUInt32LE(stack.rva, at + 12);
  });
  directory.push({ type: STREAM_TYPE.MemoryList, size: memoryList.length, rva: writer.append(memoryList).rva });

  const head = Buffer.alloc(HEADER_BYTES + streamCount * DIRECTORY_ENTRY_BYTES);
  reader.slice(0, HEADER_BYTES, 'header').copy(head, 0);
  head.writeUInt32LE(streamCount, 8);
  head.writeUInt32LE(HEADER_BYTES, 12);
  head.writeUInt32LE(0, 16); // the checksum no longer applies
  directory.forEach((entry, index) => {
    const at = HEADER_BYTES + index * DIRECTORY_ENTRY_BYTES;
    head.writeUInt32LE(entry.type, at);
    head.writeUInt32LE(entry.size, at + 4);
    head.writeUInt32LE(entry.rva, at + 8);
  });
  const result = writer.finish(head);
  if (result.length >= bytes.length) {
    // Nothing to drop (a dump of stacks only already): the original is as small as it gets.
    return bytes;
  }
  return result;
}

/**
 * Offsets inside a copied stream come from the dump, so a damaged one can point past the copy's
 * end: such a dump is corrupt, said as a MinidumpError like every other damage the reader finds.
 */
function writeU32(target: Buffer, value: number, at: number): void {
  if (at < 0 || at + 4 > target.length) throw new MinidumpError(`corrupt minidump: a field at ${at} lies outside its stream`);
  target.writeUInt32LE(value, at);
}

function readU32(source: Buffer, at: number): number {
  if (at < 0 || at + 4 > source.length) throw new MinidumpError(`corrupt minidump: a field at ${at} lies outside its stream`);
  return source.readUInt32LE(at);
}

function listStart(reader: BinaryReader, stream: StreamEntry, entryBytes: number): number {
  const count = reader.u32(stream.rva, `${stream.name} count`);
  if (count * entryBytes > stream.sizeBytes) throw new MinidumpError(`corrupt minidump: ${stream.name} claims ${count} entries`);
  return stream.rva + (stream.sizeBytes === 8 + count * entryBytes ? 8 : 4);
}

import { GrowableBytes } from './growable';

/**
 * The compact index of one Breakpad symbol file: fixed-size records sorted by address, and one
 * blob of strings, in a single byte layout that is written once and then read in place, so a
 * lookup reads a few dozen bytes whatever the size of the symbol file. The same layout serves an
 * index held in memory and one read from disk through a `ByteSource`.
 *
 * Layout: a 16-byte header (`CSYMIDX1`, version, section count), then one 16-byte entry per
 * section (offset, count, record size), then the sections. Numbers are little-endian; addresses
 * are module offsets stored as float64, exact below 2^53, which every module offset is.
 */
export const SYMBOL_INDEX_MAGIC = 'CSYMIDX1';
export const SYMBOL_INDEX_VERSION = 2;

/** Where a string or record is missing. */
export const NONE = 0xffffffff;

export const Section = {
  Meta: 0,
  Strings: 1,
  Functions: 2,
  Lines: 3,
  Inlines: 4,
  Publics: 5,
  CfiInits: 6,
  CfiDeltas: 7,
  WinFrameData: 8,
  WinFpo: 9,
  Files: 10,
  Origins: 11,
} as const;
export type Section = (typeof Section)[keyof typeof Section];
/** The sections in file order. */
const SECTIONS: readonly Section[] = Object.values(Section);
const SECTION_COUNT = SECTIONS.length;

/** The record size of a section by its position; 0 for none. */
function recordBytes(section: number): number {
  const known = SECTIONS[section];
  return known === undefined ? 0 : RECORD_BYTES[known];
}

export const RECORD_BYTES: Readonly<Record<Section, number>> = {
  [Section.Meta]: 1,
  [Section.Strings]: 1,
  // address, size, parameter size, name, first line, line count, first inline, inline count
  [Section.Functions]: 36,
  // address, size, line, file
  [Section.Lines]: 20,
  // address, size, depth, call file, call line, origin
  [Section.Inlines]: 28,
  // address, parameter size, name
  [Section.Publics]: 16,
  // address, size, rules, first delta, delta count
  [Section.CfiInits]: 24,
  // address, rules
  [Section.CfiDeltas]: 12,
  // address, size, prologue, epilogue, parameters, saved registers, locals, max stack, program, allocates base pointer
  [Section.WinFrameData]: 44,
  [Section.WinFpo]: 44,
  // id, name
  [Section.Files]: 8,
  [Section.Origins]: 8,
};

/** What the index says about the symbol file it was made from. */
export interface SymbolIndexMeta {
  module?: { os: string; cpu: string; debugId: string; debugFile: string };
  codeId?: string;
  codeFile?: string;
  /** Lines read, and lines skipped as malformed (never fatal). */
  lineCount: number;
  skippedLines: number;
}

/** Random access to the bytes of an index: a buffer in memory, or a file read in place. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export class SymbolIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SymbolIndexError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The sections made of fixed-size records. */
export type RecordSection = Exclude<Section, typeof Section.Meta | typeof Section.Strings>;
export const RECORD_SECTIONS: readonly RecordSection[] = SECTIONS.filter(
  (section): section is RecordSection => section !== Section.Meta && section !== Section.Strings,
);

/** The key a section is sorted by: a record's address, or its id for the file and origin names. */
export function sortKey(section: RecordSection, record: DataView): number {
  return section === Section.Files || section === Section.Origins ? record.getUint32(0, true) : record.getFloat64(0, true);
}

/** Where the symbol file reader puts records and strings, in the order it reads them. */
export interface IndexSink {
  record(section: RecordSection, bytes: Uint8Array): void;
  string(utf8: Uint8Array): void;
}

/** What the reader found: the meta data, how many records of each kind, and which top-level sections came out of order. */
export interface IndexLayout {
  meta: SymbolIndexMeta;
  counts: Readonly<Record<RecordSection, number>>;
  stringBytes: number;
  unsorted: readonly RecordSection[];
}

/** The header, section table and meta data of an index with this layout, and where each section starts. */
export function indexHeader(layout: IndexLayout): { header: Uint8Array; offsets: Readonly<Record<Section, number>>; totalBytes: number } {
  const meta = encoder.encode(JSON.stringify(layout.meta));
  const tableBytes = 16 + SECTION_COUNT * 16;
  const header = new Uint8Array(tableBytes + meta.length);
  const view = new DataView(header.buffer);
  header.set(encoder.encode(SYMBOL_INDEX_MAGIC), 0);
  view.setUint32(8, SYMBOL_INDEX_VERSION, true);
  view.setUint32(12, SECTION_COUNT, true);
  header.set(meta, tableBytes);
  const offsets = {} as Record<Section, number>;
  let offset = tableBytes;
  for (const section of SECTIONS) {
    const count = section === Section.Meta ? meta.length : section === Section.Strings ? layout.stringBytes : layout.counts[section];
    offsets[section] = offset;
    view.setFloat64(16 + section * 16, offset, true);
    view.setUint32(24 + section * 16, count, true);
    view.setUint32(28 + section * 16, recordBytes(section), true);
    offset += count * recordBytes(section);
  }
  return { header, offsets, totalBytes: offset };
}

/** Sorts `count` records in `bytes` by their section's key, keeping the file's order among equal keys. */
export function sortRecords(section: RecordSection, bytes: Uint8Array, count: number): void {
  const size = RECORD_BYTES[section];
  const keys = new Float64Array(count);
  for (let index = 0; index < count; index++)
    keys[index] = sortKey(section, new DataView(bytes.buffer, bytes.byteOffset + index * size, size));
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0));
  const copy = bytes.slice(0, count * size);
  order.forEach((from, position) => bytes.set(copy.subarray(from * size, (from + 1) * size), position * size));
}

/** An index built in memory: the reader's records appended per section, laid out when the file ends. */
export class MemoryIndexSink implements IndexSink {
  private readonly sections = new Map<RecordSection, GrowableBytes>(RECORD_SECTIONS.map((section) => [section, new GrowableBytes()]));
  private readonly strings = new GrowableBytes();

  record(section: RecordSection, bytes: Uint8Array): void {
    this.sections.get(section)?.append(bytes);
  }

  string(utf8: Uint8Array): void {
    this.strings.append(utf8);
  }

  finish(layout: IndexLayout): Uint8Array {
    const { header, offsets, totalBytes } = indexHeader(layout);
    const bytes = new Uint8Array(totalBytes);
    bytes.set(header, 0);
    bytes.set(this.strings.bytes(), offsets[Section.Strings]);
    for (const section of RECORD_SECTIONS) {
      const records = this.sections.get(section)?.bytes() ?? new Uint8Array();
      bytes.set(records, offsets[section]);
      if (layout.unsorted.includes(section)) {
        sortRecords(section, bytes.subarray(offsets[section], offsets[section] + records.length), layout.counts[section]);
      }
    }
    return bytes;
  }
}

/** A buffer in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new SymbolIndexError(`symbol index: read of ${length} bytes at ${offset} lies outside its ${bytes.length} bytes`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
}

export interface FunctionRecord {
  index: number;
  address: number;
  size: number;
  parameterSize: number;
  name: string;
}

export interface LineRecord {
  address: number;
  size: number;
  line: number;
  file: string | undefined;
}

export interface InlineRecord {
  address: number;
  size: number;
  callLine: number;
  callFile: string | undefined;
  name: string;
}

export interface PublicRecord {
  address: number;
  parameterSize: number;
  name: string;
}

export interface CfiRecord {
  address: number;
  size: number;
  /** The INIT rules, then each later rule line whose address is at or before the one asked about. */
  rules: string[];
}

export interface StackWinRecord {
  address: number;
  size: number;
  prologueSize: number;
  epilogueSize: number;
  parameterSize: number;
  savedRegisterSize: number;
  localSize: number;
  maxStackSize: number;
  program: string | undefined;
  allocatesBasePointer: boolean;
}

interface SectionEntry {
  offset: number;
  count: number;
  recordBytes: number;
}

/** How far back a lookup looks for an enclosing record when a later one does not cover the address. */
const MAX_ENCLOSING_STEPS = 32;
/** Compilers write a few dozen CFI rows per function; a lookup reads no more than this many. */
const MAX_CFI_ROWS = 4096;

/** Lookups over an encoded index, reading only the records each lookup needs. */
export class SymbolIndex {
  readonly meta: SymbolIndexMeta;
  private readonly sections: SectionEntry[] = [];

  constructor(private readonly source: ByteSource) {
    if (source.size < 16) throw new SymbolIndexError(`not a Candor symbol index: ${source.size} bytes`);
    const header = source.read(0, 16);
    if (decoder.decode(header.subarray(0, 8)) !== SYMBOL_INDEX_MAGIC)
      throw new SymbolIndexError('not a Candor symbol index: wrong signature');
    const view = new DataView(header.buffer, header.byteOffset, 16);
    const version = view.getUint32(8, true);
    if (version !== SYMBOL_INDEX_VERSION)
      throw new SymbolIndexError(`symbol index version ${version}; this build reads version ${SYMBOL_INDEX_VERSION}`);
    const sectionCount = view.getUint32(12, true);
    if (sectionCount !== SECTION_COUNT) throw new SymbolIndexError(`symbol index has ${sectionCount} sections, expected ${SECTION_COUNT}`);
    const table = source.read(16, SECTION_COUNT * 16);
    const tableView = new DataView(table.buffer, table.byteOffset, table.length);
    for (let section = 0; section < SECTION_COUNT; section++) {
      const entry: SectionEntry = {
        offset: tableView.getFloat64(section * 16, true),
        count: tableView.getUint32(section * 16 + 8, true),
        recordBytes: tableView.getUint32(section * 16 + 12, true),
      };
      if (entry.recordBytes !== recordBytes(section) || entry.offset + entry.count * entry.recordBytes > source.size) {
        throw new SymbolIndexError(`symbol index section ${section} lies outside the file or has the wrong record size`);
      }
      this.sections.push(entry);
    }
    const meta = this.section(Section.Meta);
    this.meta = JSON.parse(decoder.decode(source.read(meta.offset, meta.count))) as SymbolIndexMeta;
  }

  private section(section: Section): SectionEntry {
    const entry = this.sections[section];
    if (entry === undefined) throw new SymbolIndexError(`symbol index: no section ${section}`);
    return entry;
  }

  count(section: Section): number {
    return this.section(section).count;
  }

  private record(section: Section, index: number): DataView {
    const entry = this.section(section);
    const bytes = this.source.read(entry.offset + index * entry.recordBytes, entry.recordBytes);
    return new DataView(bytes.buffer, bytes.byteOffset, entry.recordBytes);
  }

  private string(reference: number): string {
    if (reference === NONE) return '';
    const entry = this.section(Section.Strings);
    const lengthBytes = this.source.read(entry.offset + reference, 4);
    const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 4).getUint32(0, true);
    return decoder.decode(this.source.read(entry.offset + reference + 4, length));
  }

  /** The last record in [from, from + count) whose key is at or before `key`, or -1. */
  private lastAtOrBefore(section: Section, from: number, count: number, key: (record: DataView) => number, target: number): number {
    let low = from;
    let high = from + count - 1;
    let found = -1;
    while (low <= high) {
      const middle = low + Math.floor((high - low) / 2);
      if (key(this.record(section, middle)) <= target) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** The innermost record covering `address`: the latest-starting one (the first of equal starts), else one enclosing it; -1 if none. */
  private covering(section: Section, from: number, count: number, address: number): number {
    let index = this.lastAtOrBefore(section, from, count, (record) => record.getFloat64(0, true), address);
    if (index < from) return -1;
    const start = this.record(section, index).getFloat64(0, true);
    while (index > from && this.record(section, index - 1).getFloat64(0, true) === start) index--;
    for (let step = 0; step < MAX_ENCLOSING_STEPS && index >= from; step++, index--) {
      const record = this.record(section, index);
      const recordStart = record.getFloat64(0, true);
      const size = record.getUint32(8, true);
      if (address < recordStart + size || (size === 0 && address === recordStart)) return index;
    }
    return -1;
  }

  private idName(section: typeof Section.Files | typeof Section.Origins, id: number): string | undefined {
    const entry = this.section(section);
    const index = this.lastAtOrBefore(section, 0, entry.count, (record) => record.getUint32(0, true), id);
    if (index < 0) return undefined;
    const record = this.record(section, index);
    return record.getUint32(0, true) === id ? this.string(record.getUint32(4, true)) : undefined;
  }

  functionAt(address: number): FunctionRecord | undefined {
    const index = this.covering(Section.Functions, 0, this.count(Section.Functions), address);
    if (index < 0) return undefined;
    const record = this.record(Section.Functions, index);
    return {
      index,
      address: record.getFloat64(0, true),
      size: record.getUint32(8, true),
      parameterSize: record.getUint32(12, true),
      name: this.string(record.getUint32(16, true)),
    };
  }

  /** The start of the nearest function at or before `address`, covering it or not. */
  functionStartAtOrBefore(address: number): number | undefined {
    const index = this.lastAtOrBefore(Section.Functions, 0, this.count(Section.Functions), (record) => record.getFloat64(0, true), address);
    return index < 0 ? undefined : this.record(Section.Functions, index).getFloat64(0, true);
  }

  lineAt(fn: FunctionRecord, address: number): LineRecord | undefined {
    const functionRecord = this.record(Section.Functions, fn.index);
    const index = this.covering(Section.Lines, functionRecord.getUint32(20, true), functionRecord.getUint32(24, true), address);
    if (index < 0) return undefined;
    const record = this.record(Section.Lines, index);
    return {
      address: record.getFloat64(0, true),
      size: record.getUint32(8, true),
      line: record.getUint32(12, true),
      file: this.idName(Section.Files, record.getUint32(16, true)),
    };
  }

  /** The inlined call at `depth` (0 = made by the function itself) whose range covers `address`. */
  inlineAt(fn: FunctionRecord, depth: number, address: number): InlineRecord | undefined {
    const functionRecord = this.record(Section.Functions, fn.index);
    const first = functionRecord.getUint32(28, true);
    const count = functionRecord.getUint32(32, true);
    // Inline ranges are sorted by (depth, address): find the last one at or before (depth, address).
    const key = (record: DataView): number => record.getUint32(12, true) * 2 ** 40 + record.getFloat64(0, true);
    const index = this.lastAtOrBefore(Section.Inlines, first, count, key, depth * 2 ** 40 + address);
    if (index < first) return undefined;
    const record = this.record(Section.Inlines, index);
    const start = record.getFloat64(0, true);
    if (record.getUint32(12, true) !== depth || address >= start + record.getUint32(8, true)) return undefined;
    return {
      address: start,
      size: record.getUint32(8, true),
      callFile: this.idName(Section.Files, record.getUint32(16, true)),
      callLine: record.getUint32(20, true),
      name: this.idName(Section.Origins, record.getUint32(24, true)) ?? '',
    };
  }

  /** The nearest PUBLIC at or before `address` (PUBLIC records have no size, so it may not reach that far). */
  nearestPublic(address: number): PublicRecord | undefined {
    const index = this.lastAtOrBefore(Section.Publics, 0, this.count(Section.Publics), (record) => record.getFloat64(0, true), address);
    if (index < 0) return undefined;
    const record = this.record(Section.Publics, index);
    return { address: record.getFloat64(0, true), parameterSize: record.getUint32(8, true), name: this.string(record.getUint32(12, true)) };
  }

  cfiAt(address: number): CfiRecord | undefined {
    const index = this.covering(Section.CfiInits, 0, this.count(Section.CfiInits), address);
    if (index < 0) return undefined;
    const record = this.record(Section.CfiInits, index);
    const rules = [this.string(record.getUint32(12, true))];
    const first = record.getUint32(16, true);
    const count = record.getUint32(20, true);
    for (let deltaIndex = first; deltaIndex < first + Math.min(count, MAX_CFI_ROWS); deltaIndex++) {
      const delta = this.record(Section.CfiDeltas, deltaIndex);
      if (delta.getFloat64(0, true) > address) break;
      rules.push(this.string(delta.getUint32(8, true)));
    }
    return { address: record.getFloat64(0, true), size: record.getUint32(8, true), rules };
  }

  stackWinAt(kind: 'frame-data' | 'fpo', address: number): StackWinRecord | undefined {
    const section = kind === 'frame-data' ? Section.WinFrameData : Section.WinFpo;
    const index = this.covering(section, 0, this.count(section), address);
    if (index < 0) return undefined;
    const record = this.record(section, index);
    const program = record.getUint32(36, true);
    return {
      address: record.getFloat64(0, true),
      size: record.getUint32(8, true),
      prologueSize: record.getUint32(12, true),
      epilogueSize: record.getUint32(16, true),
      parameterSize: record.getUint32(20, true),
      savedRegisterSize: record.getUint32(24, true),
      localSize: record.getUint32(28, true),
      maxStackSize: record.getUint32(32, true),
      program: program === NONE ? undefined : this.string(program),
      allocatesBasePointer: record.getUint32(40, true) !== 0,
    };
  }
}

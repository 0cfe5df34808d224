import { GrowableBytes } from './growable';
import {
  bytesSource,
  MemoryIndexSink,
  NONE,
  RECORD_BYTES,
  RECORD_SECTIONS,
  Section,
  sortKey,
  SymbolIndex,
  type IndexLayout,
  type IndexSink,
  type RecordSection,
  type SymbolIndexMeta,
} from './symbol-index';

/**
 * Reads a Breakpad text symbol file as it streams in (chunks of text, any size, split anywhere)
 * into a compact symbol index. Records: MODULE, INFO CODE_ID, FILE, INLINE_ORIGIN,
 * FUNC (with or without `m`) and its line records and INLINE records, PUBLIC, STACK CFI INIT /
 * STACK CFI, and STACK WIN types 4 (frame data) and 0 (FPO). A malformed line is skipped and
 * counted, never fatal. See Breakpad's docs/symbol_files.md.
 */

/** Longer lines exist (C++ names of 80 KB have been seen) but a line past this is skipped, not buffered. */
export const MAX_SYMBOL_LINE_CHARS = 1024 * 1024;
/** Hex module offsets of up to 13 digits stay below 2^53, exact as numbers. */
const HEX = /^[0-9a-fA-F]{1,13}$/;
const DECIMAL = /^[0-9]{1,10}$/;

function hex(text: string | undefined): number | undefined {
  return text !== undefined && HEX.test(text) ? parseInt(text, 16) : undefined;
}

function hex32(text: string | undefined): number | undefined {
  const value = hex(text);
  return value !== undefined && value <= 0xffffffff ? value : undefined;
}

function decimal(text: string | undefined): number | undefined {
  if (text === undefined || !DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return value <= 0xffffffff ? value : undefined;
}

/** Splits off `count` space-separated fields; the rest of the line (which may hold spaces) is the last. */
function fields(line: string, start: number, count: number): { values: string[]; rest: string } | undefined {
  const values: string[] = [];
  let at = start;
  for (let index = 0; index < count; index++) {
    while (line.charCodeAt(at) === 32) at++;
    const end = line.indexOf(' ', at);
    if (end < 0) {
      if (index < count - 1 || at >= line.length) return undefined;
      values.push(line.slice(at));
      return { values, rest: '' };
    }
    values.push(line.slice(at, end));
    at = end + 1;
  }
  while (line.charCodeAt(at) === 32) at++;
  return { values, rest: line.slice(at) };
}

/** A function with more line or inline records than this is not real; the rest are skipped and counted. */
export const MAX_RECORDS_PER_FUNCTION = 1_000_000;
/** Recently seen CFI and frame-data programs are stored once; compilers repeat a few of them thousands of times. */
const REPEATED_PROGRAMS = 8192;

const encoder = new TextEncoder();

/**
 * Records of the open FUNC or STACK CFI INIT, held until the next one starts so they can be
 * sorted and counted. One holder per kind is reused from function to function.
 */
class PendingRecords {
  private readonly buffer = new GrowableBytes();
  private readonly scratch: Uint8Array;
  private readonly scratchView: DataView;
  count = 0;

  constructor(private readonly section: RecordSection) {
    this.scratch = new Uint8Array(RECORD_BYTES[section]);
    this.scratchView = new DataView(this.scratch.buffer);
  }

  add(write: (record: DataView) => void): void {
    this.scratch.fill(0);
    write(this.scratchView);
    this.buffer.append(this.scratch);
    this.count++;
  }

  /** The records, contiguous, sorted by address (by depth first, for inline ranges), then cleared. */
  take(): Uint8Array {
    const size = RECORD_BYTES[this.section];
    const bytes = this.buffer.bytes();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const addresses = new Float64Array(this.count);
    const depths = new Uint32Array(this.count);
    let sorted = true;
    for (let index = 0; index < this.count; index++) {
      addresses[index] = view.getFloat64(index * size, true);
      if (this.section === Section.Inlines) depths[index] = view.getUint32(index * size + 12, true);
      if (index > 0 && ((depths[index - 1] ?? 0) - (depths[index] ?? 0) || (addresses[index - 1] ?? 0) - (addresses[index] ?? 0)) > 0)
        sorted = false;
    }
    let result = bytes.slice();
    if (!sorted) {
      const order = Array.from({ length: this.count }, (_, index) => index);
      order.sort((a, b) => (depths[a] ?? 0) - (depths[b] ?? 0) || (addresses[a] ?? 0) - (addresses[b] ?? 0));
      result = new Uint8Array(bytes.length);
      order.forEach((from, position) => result.set(bytes.subarray(from * size, (from + 1) * size), position * size));
    }
    this.buffer.clear();
    this.count = 0;
    return result;
  }
}

/**
 * The reader itself. It hands records and strings to its sink in file order and keeps only the
 * open function's and CFI range's records, so its memory does not grow with the file. Read the
 * same file twice — once into a sink that keeps nothing, to learn the layout, then into one that
 * writes — and an index of any size is built in bounded memory.
 */
export class SymbolFileReader {
  private readonly meta: SymbolIndexMeta = { lineCount: 0, skippedLines: 0 };
  private readonly counts = Object.fromEntries(RECORD_SECTIONS.map((section) => [section, 0])) as Record<RecordSection, number>;
  private readonly lastKeys = new Map<RecordSection, number>();
  private readonly unsorted = new Set<RecordSection>();
  private stringBytes = 0;
  private readonly programs = new Map<string, number>();
  private pending = '';
  /** Skipping the rest of an over-long line until its newline. */
  private discarding = false;
  /** The open FUNC or STACK CFI INIT record, written once its lines, inline ranges or rule rows are all read. */
  private openFunction: Uint8Array | undefined;
  private openCfi: Uint8Array | undefined;
  private readonly lines = new PendingRecords(Section.Lines);
  private readonly inlines = new PendingRecords(Section.Inlines);
  private readonly deltas = new PendingRecords(Section.CfiDeltas);
  private finished = false;

  constructor(private readonly sink: IndexSink) {}

  /** Feeds the next piece of the file. */
  push(text: string): void {
    if (this.finished) throw new Error('SymbolFileReader: push after end');
    let at = 0;
    while (at < text.length) {
      const newline = text.indexOf('\n', at);
      if (newline < 0) {
        if (!this.discarding) this.pending += text.slice(at);
        if (this.pending.length > MAX_SYMBOL_LINE_CHARS) {
          this.pending = '';
          this.discarding = true;
        }
        return;
      }
      if (this.discarding) {
        this.discarding = false;
        this.skipped();
      } else {
        const line = this.pending + text.slice(at, newline);
        this.pending = '';
        if (line.length > MAX_SYMBOL_LINE_CHARS) this.skipped();
        else this.line(line);
      }
      at = newline + 1;
    }
  }

  /** Ends the file: the last records go to the sink, and the layout of the index they make is returned. */
  end(): IndexLayout {
    if (!this.finished) {
      if (this.discarding) this.skipped();
      else if (this.pending !== '') this.line(this.pending);
      this.pending = '';
      this.closeFunction();
      this.closeCfi();
      this.finished = true;
    }
    return { meta: this.meta, counts: { ...this.counts }, stringBytes: this.stringBytes, unsorted: [...this.unsorted] };
  }

  private skipped(): void {
    this.meta.lineCount++;
    this.meta.skippedLines++;
  }

  /** Hands one top-level record, or a function's sorted run of lines, inline ranges or rule rows, to the sink. */
  private emit(section: RecordSection, bytes: Uint8Array): void {
    if (section !== Section.Lines && section !== Section.Inlines && section !== Section.CfiDeltas) {
      const key = sortKey(section, new DataView(bytes.buffer, bytes.byteOffset, bytes.length));
      if (key < (this.lastKeys.get(section) ?? -Infinity)) this.unsorted.add(section);
      this.lastKeys.set(section, key);
    }
    if (bytes.length > 0) this.sink.record(section, bytes);
    this.counts[section] += bytes.length / RECORD_BYTES[section];
  }

  private add(section: RecordSection, write: (record: DataView) => void): void {
    const bytes = new Uint8Array(RECORD_BYTES[section]);
    write(new DataView(bytes.buffer));
    this.emit(section, bytes);
  }

  /** Stores a string as a 32-bit length and UTF-8 bytes; returns its reference. */
  private string(text: string): number {
    const utf8 = encoder.encode(text);
    const stored = new Uint8Array(4 + utf8.length);
    new DataView(stored.buffer).setUint32(0, utf8.length, true);
    stored.set(utf8, 4);
    const reference = this.stringBytes;
    this.sink.string(stored);
    this.stringBytes += stored.length;
    return reference;
  }

  /** A program string, stored once while it keeps recurring. */
  private program(text: string): number {
    const known = this.programs.get(text);
    if (known !== undefined) return known;
    if (this.programs.size >= REPEATED_PROGRAMS) this.programs.clear();
    const reference = this.string(text);
    this.programs.set(text, reference);
    return reference;
  }

  private line(raw: string): void {
    this.meta.lineCount++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') return;
    if (!this.record(line)) this.meta.skippedLines++;
  }

  /** One line; false if it is malformed. */
  private record(line: string): boolean {
    const space = line.indexOf(' ');
    const keyword = space < 0 ? line : line.slice(0, space);
    switch (keyword) {
      case 'MODULE':
        return this.module(line);
      case 'INFO':
        return this.info(line);
      case 'FILE':
        return this.idName(line, Section.Files);
      case 'INLINE_ORIGIN':
        return this.idName(line, Section.Origins);
      case 'FUNC':
        return this.function(line);
      case 'INLINE':
        return this.inline(line);
      case 'PUBLIC':
        return this.public(line);
      case 'STACK':
        return this.stack(line);
      default:
        return this.lineRecord(line);
    }
  }

  private module(line: string): boolean {
    const parsed = fields(line, 7, 3);
    if (parsed === undefined || parsed.rest === '') return false;
    const [os = '', cpu = '', debugId = ''] = parsed.values;
    this.meta.module = { os, cpu, debugId, debugFile: parsed.rest };
    return true;
  }

  private info(line: string): boolean {
    if (!line.startsWith('INFO CODE_ID ')) return true; // other INFO lines carry nothing a walk needs
    const parsed = fields(line, 13, 1);
    if (parsed === undefined) return false;
    this.meta.codeId = parsed.values[0] ?? '';
    if (parsed.rest !== '') this.meta.codeFile = parsed.rest;
    return true;
  }

  private idName(line: string, section: typeof Section.Files | typeof Section.Origins): boolean {
    const parsed = fields(line, line.indexOf(' ') + 1, 1);
    const id = decimal(parsed?.values[0]);
    if (parsed === undefined || id === undefined) return false;
    const name = this.string(parsed.rest);
    this.add(section, (record) => {
      record.setUint32(0, id, true);
      record.setUint32(4, name, true);
    });
    return true;
  }

  private function(line: string): boolean {
    const parsed = fields(line, line.startsWith('FUNC m ') ? 7 : 5, 3);
    if (parsed === undefined) return false;
    const address = hex(parsed.values[0]);
    const size = hex32(parsed.values[1]);
    const parameterSize = hex32(parsed.values[2]);
    if (address === undefined || size === undefined || parameterSize === undefined) return false;
    this.closeFunction();
    const name = this.string(parsed.rest);
    const record = new Uint8Array(RECORD_BYTES[Section.Functions]);
    const view = new DataView(record.buffer);
    view.setFloat64(0, address, true);
    view.setUint32(8, size, true);
    view.setUint32(12, parameterSize, true);
    view.setUint32(16, name, true);
    this.openFunction = record;
    return true;
  }

  /** Writes the open function's lines and inline ranges, sorted, then the function with where they start. */
  private closeFunction(): void {
    const record = this.openFunction;
    if (record === undefined) return;
    this.openFunction = undefined;
    const view = new DataView(record.buffer);
    view.setUint32(20, this.counts[Section.Lines], true);
    view.setUint32(24, this.lines.count, true);
    view.setUint32(28, this.counts[Section.Inlines], true);
    view.setUint32(32, this.inlines.count, true);
    this.emit(Section.Lines, this.lines.take());
    this.emit(Section.Inlines, this.inlines.take());
    this.emit(Section.Functions, record);
  }

  private lineRecord(line: string): boolean {
    if (this.openFunction === undefined || this.lines.count >= MAX_RECORDS_PER_FUNCTION) return false;
    const parsed = fields(line, 0, 4);
    if (parsed?.rest !== '') return false;
    const address = hex(parsed.values[0]);
    const size = hex32(parsed.values[1]);
    const lineNumber = decimal(parsed.values[2]);
    const file = decimal(parsed.values[3]);
    if (address === undefined || size === undefined || lineNumber === undefined || file === undefined) return false;
    this.lines.add((record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, size, true);
      record.setUint32(12, lineNumber, true);
      record.setUint32(16, file, true);
    });
    return true;
  }

  /** `INLINE depth call_line call_file origin [address size]+`: one inline range per address pair. */
  private inline(line: string): boolean {
    if (this.openFunction === undefined) return false;
    const parts = line.split(' ').filter((part) => part !== '');
    if (parts.length < 7 || parts.length % 2 === 0) return false;
    if (this.inlines.count + (parts.length - 5) / 2 > MAX_RECORDS_PER_FUNCTION) return false;
    const depth = decimal(parts[1]);
    const callLine = decimal(parts[2]);
    const callFile = decimal(parts[3]);
    const origin = decimal(parts[4]);
    if (depth === undefined || callLine === undefined || callFile === undefined || origin === undefined) return false;
    const ranges: [number, number][] = [];
    for (let index = 5; index < parts.length; index += 2) {
      const address = hex(parts[index]);
      const size = hex32(parts[index + 1]);
      if (address === undefined || size === undefined) return false;
      ranges.push([address, size]);
    }
    for (const [address, size] of ranges) {
      this.inlines.add((record) => {
        record.setFloat64(0, address, true);
        record.setUint32(8, size, true);
        record.setUint32(12, depth, true);
        record.setUint32(16, callFile, true);
        record.setUint32(20, callLine, true);
        record.setUint32(24, origin, true);
      });
    }
    return true;
  }

  private public(line: string): boolean {
    const parsed = fields(line, line.startsWith('PUBLIC m ') ? 9 : 7, 2);
    if (parsed === undefined) return false;
    const address = hex(parsed.values[0]);
    const parameterSize = hex32(parsed.values[1]);
    if (address === undefined || parameterSize === undefined) return false;
    const name = this.string(parsed.rest);
    this.add(Section.Publics, (record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, parameterSize, true);
      record.setUint32(12, name, true);
    });
    return true;
  }

  private stack(line: string): boolean {
    if (line.startsWith('STACK CFI INIT ')) return this.cfiInit(line);
    if (line.startsWith('STACK CFI ')) return this.cfiDelta(line);
    if (line.startsWith('STACK WIN ')) return this.stackWin(line);
    return false;
  }

  private cfiInit(line: string): boolean {
    const parsed = fields(line, 15, 2);
    if (parsed === undefined || parsed.rest === '') return false;
    const address = hex(parsed.values[0]);
    const size = hex32(parsed.values[1]);
    if (address === undefined || size === undefined) return false;
    this.closeCfi();
    const rules = this.program(parsed.rest);
    const record = new Uint8Array(RECORD_BYTES[Section.CfiInits]);
    const view = new DataView(record.buffer);
    view.setFloat64(0, address, true);
    view.setUint32(8, size, true);
    view.setUint32(12, rules, true);
    this.openCfi = record;
    return true;
  }

  private closeCfi(): void {
    const record = this.openCfi;
    if (record === undefined) return;
    this.openCfi = undefined;
    const view = new DataView(record.buffer);
    view.setUint32(16, this.counts[Section.CfiDeltas], true);
    view.setUint32(20, this.deltas.count, true);
    this.emit(Section.CfiDeltas, this.deltas.take());
    this.emit(Section.CfiInits, record);
  }

  private cfiDelta(line: string): boolean {
    if (this.openCfi === undefined || this.deltas.count >= MAX_RECORDS_PER_FUNCTION) return false;
    const parsed = fields(line, 10, 1);
    if (parsed === undefined || parsed.rest === '') return false;
    const address = hex(parsed.values[0]);
    if (address === undefined) return false;
    const rules = this.program(parsed.rest);
    this.deltas.add((record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, rules, true);
    });
    return true;
  }

  /** `STACK WIN type rva code_size prologue epilogue params saved_regs locals max_stack has_program program|allocates_bp`. */
  private stackWin(line: string): boolean {
    const parsed = fields(line, 10, 10);
    if (parsed === undefined || parsed.rest === '') return false;
    const [type, ...numbers] = parsed.values;
    const values = numbers.map(hex32).filter((value) => value !== undefined);
    if (values.length !== 9) return false;
    const [
      address = 0,
      size = 0,
      prologue = 0,
      epilogue = 0,
      parameters = 0,
      savedRegisters = 0,
      locals = 0,
      maxStack = 0,
      hasProgram = 0,
    ] = values;
    let section: typeof Section.WinFrameData | typeof Section.WinFpo;
    if (type === '4' && hasProgram === 1) section = Section.WinFrameData;
    else if (type === '0' && hasProgram === 0) section = Section.WinFpo;
    else if (type === '1' || type === '2' || type === '3')
      return true; // trap, TSS and standard frames: nothing to walk with
    else return false;
    let program = NONE;
    let allocatesBasePointer = 0;
    if (section === Section.WinFrameData) program = this.program(parsed.rest);
    else if (parsed.rest === '0' || parsed.rest === '1') allocatesBasePointer = Number(parsed.rest);
    else return false;
    this.add(section, (record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, size, true);
      record.setUint32(12, prologue, true);
      record.setUint32(16, epilogue, true);
      record.setUint32(20, parameters, true);
      record.setUint32(24, savedRegisters, true);
      record.setUint32(28, locals, true);
      record.setUint32(32, maxStack, true);
      record.setUint32(36, program, true);
      record.setUint32(40, allocatesBasePointer, true);
    });
    return true;
  }
}

/** Indexes a whole symbol file held in memory (given whole or in pieces): for tests, fuzzing and small files. */
export function indexSymbolText(text: string | readonly string[]): SymbolIndex {
  const sink = new MemoryIndexSink();
  const reader = new SymbolFileReader(sink);
  for (const piece of typeof text === 'string' ? [text] : text) reader.push(piece);
  return new SymbolIndex(bytesSource(sink.finish(reader.end())));
}

import { NONE, RecordTable, RECORD_BYTES, Section, StringTable, type SymbolIndexMeta, type SymbolIndexParts } from './symbol-index';

/**
 * Reads a Breakpad text symbol file as it streams in (chunks of text, any size, split anywhere)
 * into the parts of a compact symbol index. Records: MODULE, INFO CODE_ID, FILE, INLINE_ORIGIN,
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

export class SymbolFileIndexer {
  private readonly strings = new StringTable();
  private readonly tables = {
    [Section.Functions]: new RecordTable(RECORD_BYTES[Section.Functions]),
    [Section.Lines]: new RecordTable(RECORD_BYTES[Section.Lines]),
    [Section.Inlines]: new RecordTable(RECORD_BYTES[Section.Inlines]),
    [Section.Publics]: new RecordTable(RECORD_BYTES[Section.Publics]),
    [Section.CfiInits]: new RecordTable(RECORD_BYTES[Section.CfiInits]),
    [Section.CfiDeltas]: new RecordTable(RECORD_BYTES[Section.CfiDeltas]),
    [Section.WinFrameData]: new RecordTable(RECORD_BYTES[Section.WinFrameData]),
    [Section.WinFpo]: new RecordTable(RECORD_BYTES[Section.WinFpo]),
    [Section.Files]: new RecordTable(RECORD_BYTES[Section.Files]),
    [Section.Origins]: new RecordTable(RECORD_BYTES[Section.Origins]),
  } as const;
  private readonly meta: SymbolIndexMeta = { lineCount: 0, skippedLines: 0 };
  private pending = '';
  /** Skipping the rest of an over-long line until its newline. */
  private discarding = false;
  private openFunction = -1;
  private openCfi = -1;
  private finished = false;

  /** Feeds the next piece of the file. */
  push(text: string): void {
    if (this.finished) throw new Error('SymbolFileIndexer: push after end');
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
        this.meta.lineCount++;
        this.meta.skippedLines++;
      } else {
        const line = this.pending + text.slice(at, newline);
        this.pending = '';
        if (line.length > MAX_SYMBOL_LINE_CHARS) {
          this.meta.lineCount++;
          this.meta.skippedLines++;
        } else {
          this.line(line);
        }
      }
      at = newline + 1;
    }
  }

  /** Ends the file and returns the index parts, every table sorted for lookup. */
  end(): SymbolIndexParts {
    if (!this.finished) {
      if (this.discarding) {
        this.meta.lineCount++;
        this.meta.skippedLines++;
      } else if (this.pending !== '') {
        this.line(this.pending);
      }
      this.pending = '';
      this.closeFunction();
      this.closeCfi();
      const byAddress = (record: DataView): number => record.getFloat64(0, true);
      const byId = (record: DataView): number => record.getUint32(0, true);
      for (const section of [Section.Functions, Section.Publics, Section.CfiInits, Section.WinFrameData, Section.WinFpo] as const) {
        this.tables[section].sortRange(0, this.tables[section].count, byAddress);
      }
      this.tables[Section.Files].sortRange(0, this.tables[Section.Files].count, byId);
      this.tables[Section.Origins].sortRange(0, this.tables[Section.Origins].count, byId);
      this.finished = true;
    }
    return { meta: this.meta, strings: this.strings, tables: this.tables };
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
    const [os, cpu, debugId] = parsed.values as [string, string, string];
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
    const name = this.strings.add(parsed.rest);
    this.tables[section].add((record) => {
      record.setUint32(0, id, true);
      record.setUint32(4, name, true);
    });
    return true;
  }

  private function(line: string): boolean {
    const start = line.startsWith('FUNC m ') ? 7 : 5;
    const parsed = fields(line, start, 3);
    if (parsed === undefined) return false;
    const address = hex(parsed.values[0]);
    const size = hex32(parsed.values[1]);
    const parameterSize = hex32(parsed.values[2]);
    if (address === undefined || size === undefined || parameterSize === undefined) return false;
    this.closeFunction();
    const name = this.strings.add(parsed.rest);
    const lines = this.tables[Section.Lines].count;
    const inlines = this.tables[Section.Inlines].count;
    this.openFunction = this.tables[Section.Functions].add((record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, size, true);
      record.setUint32(12, parameterSize, true);
      record.setUint32(16, name, true);
      record.setUint32(20, lines, true);
      record.setUint32(28, inlines, true);
      record.setUint32(36, start === 7 ? 1 : 0, true);
    });
    return true;
  }

  /** Counts and sorts the open function's lines and inline ranges, which follow it in the file. */
  private closeFunction(): void {
    if (this.openFunction < 0) return;
    const fn = this.tables[Section.Functions].view(this.openFunction);
    const firstLine = fn.getUint32(20, true);
    const lineCount = this.tables[Section.Lines].count - firstLine;
    const firstInline = fn.getUint32(28, true);
    const inlineCount = this.tables[Section.Inlines].count - firstInline;
    fn.setUint32(24, lineCount, true);
    fn.setUint32(32, inlineCount, true);
    this.tables[Section.Lines].sortRange(firstLine, lineCount, (record) => record.getFloat64(0, true));
    this.tables[Section.Inlines].sortRange(
      firstInline,
      inlineCount,
      (record) => record.getUint32(12, true),
      (record) => record.getFloat64(0, true),
    );
    this.openFunction = -1;
  }

  private lineRecord(line: string): boolean {
    if (this.openFunction < 0) return false;
    const parsed = fields(line, 0, 4);
    if (parsed?.rest !== '') return false;
    const address = hex(parsed.values[0]);
    const size = hex32(parsed.values[1]);
    const lineNumber = decimal(parsed.values[2]);
    const file = decimal(parsed.values[3]);
    if (address === undefined || size === undefined || lineNumber === undefined || file === undefined) return false;
    this.tables[Section.Lines].add((record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, size, true);
      record.setUint32(12, lineNumber, true);
      record.setUint32(16, file, true);
    });
    return true;
  }

  /** `INLINE depth call_line call_file origin [address size]+`: one inline range per address pair. */
  private inline(line: string): boolean {
    if (this.openFunction < 0) return false;
    const parts = line.split(' ').filter((part) => part !== '');
    if (parts.length < 7 || parts.length % 2 === 0) return false;
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
      this.tables[Section.Inlines].add((record) => {
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
    const name = this.strings.add(parsed.rest);
    this.tables[Section.Publics].add((record) => {
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
    const rules = this.strings.add(parsed.rest);
    const firstDelta = this.tables[Section.CfiDeltas].count;
    this.openCfi = this.tables[Section.CfiInits].add((record) => {
      record.setFloat64(0, address, true);
      record.setUint32(8, size, true);
      record.setUint32(12, rules, true);
      record.setUint32(16, firstDelta, true);
    });
    return true;
  }

  private closeCfi(): void {
    if (this.openCfi < 0) return;
    const init = this.tables[Section.CfiInits].view(this.openCfi);
    const first = init.getUint32(16, true);
    const count = this.tables[Section.CfiDeltas].count - first;
    init.setUint32(20, count, true);
    this.tables[Section.CfiDeltas].sortRange(first, count, (record) => record.getFloat64(0, true));
    this.openCfi = -1;
  }

  private cfiDelta(line: string): boolean {
    if (this.openCfi < 0) return false;
    const parsed = fields(line, 10, 1);
    if (parsed === undefined || parsed.rest === '') return false;
    const address = hex(parsed.values[0]);
    if (address === undefined) return false;
    const rules = this.strings.add(parsed.rest);
    this.tables[Section.CfiDeltas].add((record) => {
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
    if (section === Section.WinFrameData) program = this.strings.add(parsed.rest);
    else if (parsed.rest === '0' || parsed.rest === '1') allocatesBasePointer = Number(parsed.rest);
    else return false;
    this.tables[section].add((record) => {
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

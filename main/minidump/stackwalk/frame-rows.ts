import type { StackFrameRow } from '../../../contract/stackwalk';
import type { StackFrame } from './frame';
import { moduleName } from './module-map';

export type FrameRow = StackFrameRow;

const hex = (value: bigint): string => `0x${value.toString(16)}`;

/** Rows for a walked stack, innermost first: each frame's inlined calls, then the frame itself. */
export function frameRows(frames: readonly StackFrame[]): FrameRow[] {
  const rows: FrameRow[] = [];
  for (const frame of frames) {
    const where: Pick<FrameRow, 'module' | 'moduleOffset' | 'address'> =
      frame.module === undefined
        ? { address: hex(frame.instruction) }
        : { module: moduleName(frame.module), moduleOffset: hex(frame.instruction - frame.module.base) };
    for (const inline of frame.inlines) {
      const row: FrameRow = { ...where, function: inline.name, trust: 'inline' };
      if (inline.file !== undefined) row.file = inline.file;
      if (inline.line !== undefined) row.line = inline.line;
      rows.push(row);
    }
    const row: FrameRow = { ...where, trust: frame.trust };
    if (frame.function !== undefined) {
      row.function = frame.function.name;
      row.functionOffset = hex(frame.instruction - frame.function.address);
    }
    if (frame.source !== undefined) {
      row.file = frame.source.file;
      row.line = frame.source.line;
    }
    rows.push(row);
  }
  return rows;
}

/** `module!function [file : line]`, or `module + 0xoffset` without symbols, or the bare address outside every module. */
export function formatFrameRow(row: FrameRow): string {
  if (row.module === undefined) return row.address ?? '?';
  if (row.function === undefined) return `${row.module} + ${row.moduleOffset ?? ''}`;
  const file = row.file === undefined ? '' : ` [${row.file.split(/[\\/]/).pop() ?? row.file} : ${row.line ?? 0}]`;
  return `${row.module}!${row.function}${file === '' && row.functionOffset !== undefined ? ` + ${row.functionOffset}` : file}`;
}

import type { FunctionRecord, InlineRecord, SymbolIndex } from '../symbols/symbol-index';
import type { InlineFrame, StackFrame, SymbolLookup } from './frame';
import type { ModuleMap } from './module-map';

/** Inlining deeper than this is not real code; the lookup stops there. */
const MAX_INLINE_DEPTH = 64;

/** Module offsets are exact as numbers below 2^53; a larger one has no symbols. */
export function moduleOffset(address: bigint, base: bigint): number | undefined {
  const offset = address - base;
  return offset >= 0n && offset < 2n ** 53n ? Number(offset) : undefined;
}

export interface FunctionName {
  name: string;
  address: number;
  parameterSize: number;
  /** The FUNC record it came from; none for a PUBLIC. */
  fn?: FunctionRecord;
}

/**
 * The function at a module offset: the FUNC covering it, else the nearest PUBLIC before it unless
 * a FUNC starts between the two (a PUBLIC has no size, and does not reach past the next function).
 */
export function functionName(symbols: SymbolIndex, offset: number): FunctionName | undefined {
  const fn = symbols.functionAt(offset);
  if (fn !== undefined) {
    // STACK WIN records know the parameter size better than FUNC records do; later STACK WIN walks need it.
    const win = symbols.stackWinAt('frame-data', offset) ?? symbols.stackWinAt('fpo', offset);
    return { name: fn.name, address: fn.address, parameterSize: win?.parameterSize ?? fn.parameterSize, fn };
  }
  const nearest = symbols.nearestPublic(offset);
  if (nearest === undefined) return undefined;
  const previousFunction = symbols.functionStartAtOrBefore(offset);
  if (previousFunction !== undefined && nearest.address <= previousFunction) return undefined;
  return { name: nearest.name, address: nearest.address, parameterSize: nearest.parameterSize };
}

/** Fills in a frame's module, function, source line and inlined calls from the symbols its module has. */
export function symbolicateFrame(frame: StackFrame, modules: ModuleMap, symbolsFor: SymbolLookup): void {
  const module = modules.at(frame.instruction);
  if (module === undefined) return;
  frame.module = module;
  const symbols = symbolsFor(module);
  const offset = moduleOffset(frame.instruction, module.base);
  if (symbols === undefined || offset === undefined) return;
  const name = functionName(symbols, offset);
  if (name === undefined) return;
  frame.function = { name: name.name, address: module.base + BigInt(name.address), parameterSize: name.parameterSize };
  const { fn } = name;
  if (fn === undefined) return;

  // Inlined calls nest by depth: depth 0 is a call the function itself made. Each call's site is
  // where the frame outside it stands; the innermost code's own line record is where it stands.
  const calls: InlineRecord[] = [];
  for (let depth = 0; depth < MAX_INLINE_DEPTH; depth++) {
    const call = symbols.inlineAt(fn, depth, offset);
    if (call === undefined) break;
    calls.push(call);
  }
  const innermost = symbols.lineAt(fn, offset);
  const outerCall = calls[0];
  if (outerCall !== undefined) {
    if (outerCall.callFile !== undefined)
      frame.source = { file: outerCall.callFile, line: outerCall.callLine, lineAddress: module.base + BigInt(outerCall.address) };
  } else if (innermost?.file !== undefined) {
    frame.source = { file: innermost.file, line: innermost.line, lineAddress: module.base + BigInt(innermost.address) };
  }
  const inlines: InlineFrame[] = calls.map((call, depth) => {
    const site = calls[depth + 1];
    const inline: InlineFrame = { name: call.name };
    if (site !== undefined) {
      if (site.callFile !== undefined) inline.file = site.callFile;
      inline.line = site.callLine;
    } else if (innermost !== undefined) {
      if (innermost.file !== undefined) inline.file = innermost.file;
      inline.line = innermost.line;
    }
    return inline;
  });
  frame.inlines = inlines.reverse();
}

/**
 * Whether a value found on the stack looks like a return address: inside a module, and, when
 * that module has symbols, inside a function they name. Without symbols any address in a
 * module passes, so scanning still works where no symbols were uploaded.
 */
export function seemsReturnAddress(address: bigint, modules: ModuleMap, symbolsFor: SymbolLookup): boolean {
  // The call before the return address: a call to a function that never returns may be the last instruction.
  const instruction = address - 1n;
  if (instruction <= 0n) return false;
  const module = modules.at(instruction);
  if (module === undefined) return false;
  const symbols = symbolsFor(module);
  if (symbols === undefined) return true;
  const offset = moduleOffset(instruction, module.base);
  return offset !== undefined && functionName(symbols, offset) !== undefined;
}

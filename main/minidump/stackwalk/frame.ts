import type { MinidumpModule } from '../read-minidump';
import type { SymbolIndex } from '../symbols/symbol-index';
import type { Architecture, Registers } from './cpu-context';
import type { ModuleMap } from './module-map';
import type { StackMemory } from './stack-memory';

/** How the walker found a frame: the thread's own context, call frame info, the frame pointer, or scanning the stack. */
export type FrameTrust = 'context' | 'cfi' | 'frame-pointer' | 'scan';

export interface InlineFrame {
  name: string;
  file?: string;
  line?: number;
}

export interface StackFrame {
  /** The address looked up: the instruction pointer for the context frame, one instruction before the return address for callers. */
  instruction: bigint;
  trust: FrameTrust;
  /** The registers recovered for this frame. */
  registers: Registers;
  module?: MinidumpModule;
  function?: { name: string; address: bigint; parameterSize: number };
  source?: { file: string; line: number; lineAddress: bigint };
  /** Calls the compiler inlined at this address, innermost first. */
  inlines: InlineFrame[];
}

/** Symbols for a module, when the store has them. */
export type SymbolLookup = (module: MinidumpModule) => SymbolIndex | undefined;

/** What each architecture's unwinder gets to find the caller of `callee`. */
export interface UnwindContext {
  architecture: Architecture;
  callee: StackFrame;
  /** The frame `callee` called, if any: STACK WIN needs its parameter size. */
  grandCallee: StackFrame | undefined;
  stack: StackMemory;
  modules: ModuleMap;
  symbols: SymbolLookup;
  /** Frame pointers do not unwind Windows x64 code (its frame register may point mid-frame). */
  isWindows: boolean;
}

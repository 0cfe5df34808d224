import type { Minidump } from '../read-minidump';
import { readCpuContext, walkedArchitecture, type Architecture, type CpuContext } from './cpu-context';
import type { StackFrame, SymbolLookup } from './frame';
import { ModuleMap } from './module-map';
import { StackMemory } from './stack-memory';
import { symbolicateFrame } from './symbolicate';
import { findCaller, instructionRegister } from './unwind';

/** Breakpad stops here too; a real stack is far shallower, and the walk stays bounded on a crafted one. */
export const MAX_FRAMES = 1024;

export type ThreadWalkStatus = 'ok' | 'no-context' | 'no-stack-memory' | 'dump-thread-skipped' | 'unsupported-cpu';

export interface WalkedThread {
  id: number;
  status: ThreadWalkStatus;
  frames: StackFrame[];
}

export interface WalkedMinidump {
  architecture?: Architecture;
  /** Index into `threads` of the thread that crashed, when the dump has an exception. */
  crashingThread?: number;
  threads: WalkedThread[];
}

/** Walks one thread from its context: each frame symbolicated, then its caller found, until none is. */
export function walkThread(
  context: CpuContext,
  stack: StackMemory | undefined,
  modules: ModuleMap,
  symbols: SymbolLookup,
  isWindows: boolean,
): StackFrame[] {
  const first: StackFrame = {
    instruction: context.registers.get(instructionRegister(context.architecture)) ?? 0n,
    trust: 'context',
    registers: context.registers,
    inlines: [],
  };
  const frames = [first];
  for (let callee = first; ;) {
    symbolicateFrame(callee, modules, symbols);
    if (stack === undefined || frames.length >= MAX_FRAMES) break;
    const caller = findCaller({
      architecture: context.architecture,
      callee,
      grandCallee: frames[frames.length - 2],
      stack,
      modules,
      symbols,
      isWindows,
    });
    if (caller === undefined) break;
    frames.push(caller);
    callee = caller;
  }
  return frames;
}

/** Walks every thread of a dump; the crashing thread starts from the exception's context. */
export function walkMinidump(dump: Minidump, bytes: Uint8Array, symbols: SymbolLookup): WalkedMinidump {
  const architecture = walkedArchitecture(dump.system?.cpuArch);
  const modules = new ModuleMap(dump.modules);
  const isWindows = dump.system?.platform.startsWith('Windows') ?? false;
  const result: WalkedMinidump = { threads: [] };
  if (architecture !== undefined) result.architecture = architecture;
  dump.threads.forEach((thread, index) => {
    const walked: WalkedThread = { id: thread.id, status: 'ok', frames: [] };
    result.threads.push(walked);
    const crashed = dump.exception?.threadId === thread.id;
    if (crashed) result.crashingThread = index;
    if (architecture === undefined) {
      walked.status = 'unsupported-cpu';
      return;
    }
    if (!crashed && dump.breakpad?.dumpThreadId === thread.id) {
      walked.status = 'dump-thread-skipped';
      return;
    }
    const location = crashed && dump.exception?.context !== undefined ? dump.exception.context : thread.context;
    const context = location === undefined ? undefined : readCpuContext(bytes, location.rva, location.sizeBytes, architecture);
    if (context === undefined) {
      walked.status = 'no-context';
      return;
    }
    const stack =
      thread.stack.sizeBytes > 0
        ? new StackMemory(thread.stack.start, bytes.subarray(thread.stack.rva, thread.stack.rva + thread.stack.sizeBytes))
        : undefined;
    if (stack === undefined) walked.status = 'no-stack-memory';
    walked.frames = walkThread(context, stack, modules, symbols, isWindows);
  });
  return result;
}

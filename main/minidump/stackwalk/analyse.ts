import type { StackAnalysis, StackModule } from '../../../contract/stackwalk';
import type { Minidump } from '../read-minidump';
import type { SymbolLookup } from './frame';
import { frameRows } from './frame-rows';
import { moduleName } from './module-map';
import { frameSignature } from './signature';
import { walkMinidump } from './walk-minidump';

const hex = (value: bigint): string => `0x${value.toString(16)}`;

/** Walks a dump and says what a reviewer needs: the crash, every thread's frames, each module's symbol status, the signature. */
export function analyseMinidump(dump: Minidump, bytes: Uint8Array, symbols: SymbolLookup): StackAnalysis {
  const walked = walkMinidump(dump, bytes, symbols);
  const threads = walked.threads.map((thread) => ({ id: thread.id, status: thread.status, frames: frameRows(thread.frames) }));
  const analysis: StackAnalysis = { threads, modules: dump.modules.map((module) => stackModule(module, symbols)) };
  if (dump.exception !== undefined) {
    analysis.crashReason = dump.exception.name ?? `0x${dump.exception.code.toString(16)}`;
    analysis.crashAddress = hex(dump.exception.address);
  }
  if (walked.crashingThread !== undefined) {
    analysis.crashingThread = walked.crashingThread;
    const signature = frameSignature(threads[walked.crashingThread]?.frames ?? []);
    if (signature !== undefined) analysis.signature = signature;
  }
  return analysis;
}

function stackModule(module: Minidump['modules'][number], symbols: SymbolLookup): StackModule {
  const entry: StackModule = {
    name: moduleName(module),
    base: hex(module.base),
    symbols: module.debugId === undefined ? 'unidentified' : symbols(module) === undefined ? 'missing' : 'loaded',
  };
  if (module.debugFile !== undefined) entry.debugFile = module.debugFile.split(/[\\/]/).pop() ?? module.debugFile;
  if (module.debugId !== undefined) entry.debugId = module.debugId;
  if (module.codeId !== undefined) entry.codeId = module.codeId;
  return entry;
}

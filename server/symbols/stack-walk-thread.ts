import { parentPort, Worker } from 'node:worker_threads';
import { StackAnalysisSchema, type StackAnalysis } from '../../contract/stackwalk';
import { MinidumpError } from '../../main/minidump/binary-reader';
import { readMinidump } from '../../main/minidump/read-minidump';
import { analyseMinidump } from '../../main/minidump/stackwalk/analyse';
import { SymbolStore } from '../../main/symbols/symbol-store';
import type { WalkDump } from './stack-queue';

/**
 * The stack walk in a worker thread of its own: reading a dump, indexing a symbol file that just
 * arrived (hundreds of megabytes for Electron's) and walking happen beside the event loop that
 * answers uploads, never on it.
 */
interface WalkRequest {
  bytes: Uint8Array;
  storeDir: string;
  indexDir: string;
}

type WalkAnswer = { ok: true; analysis: StackAnalysis } | { ok: false; error: string };

/** Walks one dump with the symbols in `storeDir` (indexes in `indexDir`); the same in a thread or in process. */
export async function walkWithStoredSymbols(bytes: Uint8Array, storeDir: string, indexDir: string): Promise<StackAnalysis> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const dump = readMinidump(buffer);
  // A store per walk: symbols uploaded since the last walk are found.
  const symbols = new SymbolStore([storeDir], indexDir);
  try {
    return analyseMinidump(dump, buffer, await symbols.lookupFor(dump.modules));
  } finally {
    symbols.close();
  }
}

/** A WalkDump that runs each walk in one long-lived worker thread, in turn. */
export function threadWalker(workerFile: URL, storeDir: string, indexDir: string): { walk: WalkDump; close: () => Promise<void> } {
  const worker = new Worker(workerFile);
  worker.unref();
  let queue: Promise<unknown> = Promise.resolve();
  const walkOnce = (bytes: Buffer): Promise<StackAnalysis> =>
    new Promise((resolve, reject) => {
      const onMessage = (answer: WalkAnswer): void => {
        worker.off('error', onError);
        if (answer.ok) resolve(StackAnalysisSchema.parse(answer.analysis));
        else reject(new Error(answer.error));
      };
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ bytes: new Uint8Array(bytes), storeDir, indexDir } satisfies WalkRequest);
    });
  return {
    walk: (bytes) => {
      const next = queue.then(() => walkOnce(bytes));
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

parentPort?.on('message', (request: WalkRequest) => {
  walkWithStoredSymbols(request.bytes, request.storeDir, request.indexDir).then(
    (analysis) => parentPort?.postMessage({ ok: true, analysis } satisfies WalkAnswer),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        error:
          error instanceof MinidumpError
            ? `not a readable minidump: ${error.message}`
            : error instanceof Error
              ? error.message
              : String(error),
      } satisfies WalkAnswer),
  );
});

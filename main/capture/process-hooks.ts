import { inspect } from 'node:util';
import type { CrashError } from '../../contract/crash-event';
import type { CrashStore, NewCrash } from './crash-store';

/** Anything thrown or rejected, as an error with a name, a message and (when there is one) a stack. */
export function toCrashError(value: unknown): CrashError {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.stack === undefined ? {} : { stack: value.stack }) };
  }
  // A rejection with a string, a number, an object: keep what it was, readably.
  return { name: 'NonErrorRejection', message: typeof value === 'string' ? value : inspect(value, { depth: 3, breakLength: Infinity }) };
}

export interface ProcessHookOptions {
  store: Pick<CrashStore, 'record'>;
  app: NewCrash['app'];
  processType?: string;
  /** Called after an uncaught exception is on disk; the process is in an unknown state. */
  onFatal?: (error: unknown) => void;
}

/**
 * Records the main process's uncaught exceptions and unhandled rejections. A failure while
 * recording is written to stderr and never recorded in turn, so Candor cannot loop on itself.
 */
export function installProcessHooks(target: NodeJS.Process, options: ProcessHookOptions): () => void {
  let recording = false;
  const record = (kind: 'exception' | 'unhandled-rejection', value: unknown): void => {
    if (recording) {
      process.stderr.write(`candor: a crash happened while recording another: ${toCrashError(value).message}\n`);
      return;
    }
    recording = true;
    try {
      options.store.record({ kind, processType: options.processType ?? 'main', app: options.app, error: toCrashError(value) });
    } catch (error) {
      process.stderr.write(`candor: could not record a crash: ${toCrashError(error).message}\n`);
    } finally {
      recording = false;
    }
  };
  const onException = (error: unknown): void => {
    record('exception', error);
    options.onFatal?.(error);
  };
  const onRejection = (reason: unknown): void => record('unhandled-rejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}

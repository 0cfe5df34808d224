import { utilityProcess } from 'electron';
import type { CollectorChannel } from '../diagnostics/collect-in-child';

/**
 * The desktop app's collector runs in an Electron utility process: a child process of Electron's
 * own, so it works with the run-as-node fuse turned off.
 */
export const COLLECTOR_SERVICE_NAME = 'Candor diagnostics';

/** Kills Candor made and Electron has not reported yet, by the utility process's service name. */
const killsMade = new Map<string, number>();

/**
 * Whether a utility process that Electron reports gone was killed by Candor (a collector past
 * its deadline): each kill Candor made answers yes once, for the reason `killed` only.
 */
export function wasKilledByCandor(serviceName: string | undefined, reason: string): boolean {
  const made = serviceName === undefined ? 0 : (killsMade.get(serviceName) ?? 0);
  if (reason !== 'killed' || made === 0 || serviceName === undefined) return false;
  killsMade.set(serviceName, made - 1);
  return true;
}

export function forkUtilityCollector(entryFile: string): CollectorChannel {
  const child = utilityProcess.fork(entryFile, [], { serviceName: COLLECTOR_SERVICE_NAME, stdio: 'ignore' });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => {
      if (child.kill()) killsMade.set(COLLECTOR_SERVICE_NAME, (killsMade.get(COLLECTOR_SERVICE_NAME) ?? 0) + 1);
    },
  };
}

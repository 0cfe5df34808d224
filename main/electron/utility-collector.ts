import { utilityProcess } from 'electron';
import type { CollectorChannel } from '../diagnostics/collect-in-child';

/**
 * The desktop app's collector runs in an Electron utility process: a child process of Electron's
 * own, so it works with the run-as-node fuse turned off.
 */
export function forkUtilityCollector(entryFile: string): CollectorChannel {
  const child = utilityProcess.fork(entryFile, [], { serviceName: 'Candor diagnostics', stdio: 'ignore' });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile } from './built';

export interface CandorServerProcess {
  child: ChildProcess;
  /** The server's root, where the review console is. */
  url: string;
  /** Where reports are posted. */
  endpoint: string;
}

/** Starts the built `candor-server` on a free loopback port and waits for the addresses it prints. */
export function startCandorServer(args: string[]): Promise<CandorServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtFile('node/candor-server.js'), ...args, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /Candor report server: (\S+)\/api\/v1\/reports\n/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], endpoint: `${match[1]}/api/v1/reports` });
    });
    child.once('exit', (code) => reject(new Error(`candor-server exited with ${code ?? 'a signal'}: ${output}`)));
  });
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

export interface InitialisedServer extends CandorServerProcess {
  dataDir: string;
  ingestKey: string;
  reviewerToken: string;
  /** The review API, signed in with the reviewer token. */
  review(route: string, method?: 'GET' | 'DELETE'): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/**
 * A real `candor-server` as a new operator sets one up: `candor-server init` over a fresh data
 * folder (SQLite), its ingest key and reviewer token, then the server itself.
 */
export async function startInitialisedServer(): Promise<InitialisedServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-server-'));
  const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', '--data', dataDir, '--json'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`candor-server init failed: ${init.stderr}`);
  const keys = JSON.parse(init.stdout) as { ingestKey: string; reviewerToken: string };
  const server = await startCandorServer(['--data', dataDir]);
  return {
    ...server,
    dataDir,
    ...keys,
    review: async (route: string, method: 'GET' | 'DELETE' = 'GET') => {
      const response = await fetch(`${server.url}/api/v1/review/${route}`, {
        method,
        headers: { authorization: `Bearer ${keys.reviewerToken}` },
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    stop: async () => {
      if (server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        await once(server.child, 'exit');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

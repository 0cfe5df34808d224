import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const PREVIEW_ENTRY = fileURLToPath(new URL('../../../out/node/preview.js', import.meta.url));

export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the built `npm run preview` server on a free loopback port and waits for its URL. */
export async function startPreviewServer(extraArgs: string[] = []): Promise<PreviewServer> {
  const child: ChildProcess = spawn(process.execPath, [PREVIEW_ENTRY, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not print its URL within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Candor preview: (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

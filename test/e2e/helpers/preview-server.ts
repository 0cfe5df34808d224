import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { PREVIEW_ACCESS_FILE } from '../../../main/bridge/http-bridge';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { startInitialisedServer, type InitialisedServer } from '../../helpers/candor-server-process';

const PREVIEW_ENTRY = fileURLToPath(new URL('../../../out/node/preview.js', import.meta.url));

export interface PreviewServer {
  /**
   * A sign-in link for a browser: a one-time token the page trades for a session. Each read
   * gives the current one (from the owner-only file preview keeps it in), so each new browser
   * context can sign in.
   */
  readonly url: string;
  /** The CANDOR_HOME this server keeps its data in. */
  home: string;
  /** Stops the server; its CANDOR_HOME is removed unless `keepHome` (to start it again over the same data). */
  stop(options?: { keepHome?: boolean }): Promise<void>;
}

/**
 * Starts the built `npm run preview` server on a free loopback port, over a fresh CANDOR_HOME,
 * and waits for its URL.
 */
export async function startPreviewServer(
  extraArgs: string[] = [],
  options: { home?: string; env?: Record<string, string> } = {},
): Promise<PreviewServer> {
  const home = options.home ?? (await mkdtemp(path.join(tmpdir(), 'candor-preview-')));
  const child: ChildProcess = spawn(process.execPath, [PREVIEW_ENTRY, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, CANDOR_HOME: home },
  });
  let output = '';
  await new Promise<string>((resolve, reject) => {
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
  const accessFile = path.join(home, PREVIEW_ACCESS_FILE);
  return {
    get url(): string {
      return readFileSync(accessFile, 'utf8').trim();
    },
    home,
    stop: async ({ keepHome = false } = {}) => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      // A diagnostics collector the preview started may still be finishing its cache file as it exits.
      if (!keepHome) await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/**
 * For a spec file: a real candor-server set up with `candor-server init` before each test, and the
 * preview a test starts (with `startPreview`), both stopped after it.
 */
export function useServerAndPreview(): {
  server: () => InitialisedServer;
  startPreview: (args: string[], env?: Record<string, string>) => Promise<PreviewServer>;
} {
  let server: InitialisedServer | undefined;
  let preview: PreviewServer | undefined;
  test.beforeEach(async () => {
    server = await startInitialisedServer();
  });
  test.afterEach(async () => {
    await preview?.stop();
    preview = undefined;
    await server?.stop();
  });
  return {
    server: () => {
      if (server === undefined) throw new Error('the server starts before each test');
      return server;
    },
    startPreview: async (args, env) => {
      preview = await startPreviewServer(args, env === undefined ? {} : { env });
      return preview;
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueCredential } from '../../server/credentials';
import { startReportServer } from '../../server/http-server';
import { openReportStore } from '../../server/store/open-store';
import { packageRoot } from '../cli/destination-options';
import { parseCommandLine } from '../cli/parse-options';
import { runMain, UsageError } from '../cli/usage-error';

/** How long the preview gets to print its address before the demo gives up. */
const PREVIEW_START_MS = 20_000;

/** Writes the sample crash: a crash file naming the demo's real minidump and its log with planted personal data. */
function writeSampleCrash(folder: string): string {
  const demo = path.join(packageRoot(), 'demo');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  copyFileSync(path.join(demo, 'sample-crash.dmp'), path.join(folder, 'sample-crash.dmp'));
  copyFileSync(path.join(demo, 'sample-app.log'), path.join(folder, 'sample-app.log'));
  const file = path.join(folder, 'sample-crash.json');
  writeFileSync(
    file,
    JSON.stringify({
      schema: 'candor.crash-file/1',
      kind: 'native',
      app: { name: 'Sample Editor (a sample crash for npm run demo)', version: '3.1.0' },
      processType: 'renderer',
      exit: { reason: 'crashed', exitCode: 11 },
      minidump: 'sample-crash.dmp',
      log: 'sample-app.log',
    }),
  );
  return file;
}

/** Starts the built preview wired to the server, and waits for its sign-in link. */
async function startPreview(args: string[], home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./preview.js', import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CANDOR_HOME: home },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the preview printed no address within ${PREVIEW_START_MS / 1000} s`)),
      PREVIEW_START_MS,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /Candor preview: (\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the preview exited with ${code ?? 'a signal'}`));
    });
  });
  return { child, url };
}

/**
 * `npm run demo [-- --data DIR] [--port P]`: the whole path on one machine. A report server with
 * an embedded store (in a temporary folder, removed on Ctrl-C, or in DIR, kept), the preview
 * sending to it with an ingest key, the crash dialog on a labelled sample crash, and the review
 * console signed in by a token in the address's fragment.
 */
runMain('candor demo', async () => {
  const { values } = parseCommandLine({
    args: process.argv.slice(2),
    options: { data: { type: 'string' }, port: { type: 'string' } },
  });
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port ?? ''} is not a port`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'candor-demo-'));
  const dataDir = values.data === undefined ? path.join(scratch, 'server') : path.resolve(values.data);
  const store = await openReportStore({ dataDir, database: undefined });
  const ingestKey = (await issueCredential(store, 'ingest-key', 'npm run demo')).secret;
  const reviewerToken = (await issueCredential(store, 'reviewer-token', 'npm run demo')).secret;
  await store.sweepLeftovers();
  const server = await startReportServer({
    store,
    port,
    consoleDir: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'console'),
  });
  const endpoint = `${server.url}/api/v1/reports`;
  const shutDown = async (): Promise<void> => {
    await server.close();
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  let preview: { child: ChildProcess; url: string };
  try {
    preview = await startPreview(
      ['--endpoint', endpoint, '--key', ingestKey, '--crash-file', writeSampleCrash(path.join(scratch, 'crash'))],
      path.join(scratch, 'client'),
    );
  } catch (error) {
    await shutDown();
    throw error;
  }

  process.stdout.write(
    [
      'Candor demo: a report server and the app, on this machine only.',
      `  The crash dialog:   ${preview.url}`,
      // The token travels in the fragment, which the browser never sends to the server.
      `  The review console: ${server.url}/#token=${reviewerToken}`,
      values.data === undefined
        ? `  Ctrl-C stops both and removes the demo's data (${scratch}).`
        : `  Ctrl-C stops both; the server's data stays in ${dataDir}, the rest (${scratch}) is removed.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      if (preview.child.exitCode === null) {
        preview.child.kill('SIGTERM');
        await once(preview.child, 'exit');
      }
      await shutDown();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  preview.child.once('exit', stop);
});

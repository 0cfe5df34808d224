import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startInitialisedServer, type InitialisedServer } from '../../helpers/candor-server-process';
import { fixturePath } from '../../helpers/fixtures';
import { runCli } from '../../helpers/run-cli';
import { makeZip } from '../../helpers/zip';

/**
 * Symbols reach the real server as Breakpad's symupload sends them (sym-upload-v1: a multipart
 * POST with the file part `symbol_file` and the fields `debug_file`, `debug_identifier`,
 * `code_file`, `os`, `cpu`, and no headers of its own, so the key rides in the query), as a zip
 * of a symbol store, and through `candor-server symbols add`.
 */
const TEST_APP = readFileSync(fixturePath('stackwalk', 'symbols', 'test_app.pdb', '5A9832E5287241C1838ED98914E9B7FF1', 'test_app.sym'));
const CRASH_CLIENT_DIR = fixturePath('stackwalk', 'symbols', 'crash-client');

function symuploadForm(symbolFile: Buffer, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('symbol_file', new Blob([new Uint8Array(symbolFile)]), 'test_app.sym');
  return form;
}

const TEST_APP_FIELDS = {
  debug_file: 'test_app.pdb',
  debug_identifier: '5A9832E5287241C1838ED98914E9B7FF1',
  code_file: 'test_app.exe',
  os: 'windows',
  cpu: 'x86',
};

describe('symbol uploads to candor-server', () => {
  let server: InitialisedServer;
  let symbolsKey = '';

  beforeAll(async () => {
    server = await startInitialisedServer();
    const added = await runCli(['keys', 'add', '--scope', 'symbols', '--data', server.dataDir, '--json'], { program: 'candor-server' });
    expect(added.code).toBe(0);
    const key = JSON.parse(added.stdout) as { id: string; key: string };
    expect(key.id).toMatch(/\S/);
    expect(key.key).toMatch(/^csk_/);
    symbolsKey = key.key;
  }, 60_000);

  afterAll(async () => {
    await server.stop();
  });

  it('takes a symupload POST with the key in the query, and lists the file', async () => {
    const response = await fetch(`${server.url}/api/v1/symbols?key=${encodeURIComponent(symbolsKey)}`, {
      method: 'POST',
      body: symuploadForm(TEST_APP, TEST_APP_FIELDS),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      stored: [{ debugFile: 'test_app.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF1', sizeBytes: TEST_APP.length }],
    });
    const listed = await runCli(['symbols', 'list', '--data', server.dataDir, '--json'], { program: 'candor-server' });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ debugFile: 'test_app.pdb', os: 'windows', cpu: 'x86' })]);
  });

  it('refuses an upload without a symbols key, with an ingest key, or whose fields contradict the file', async () => {
    const post = (query: string, headers: Record<string, string> = {}, fields = TEST_APP_FIELDS): Promise<Response> =>
      fetch(`${server.url}/api/v1/symbols${query}`, { method: 'POST', headers, body: symuploadForm(TEST_APP, fields) });
    expect((await post('')).status).toBe(401);
    expect((await post(`?key=${server.ingestKey}`)).status).toBe(401);
    expect((await post('', { authorization: `Bearer ${server.ingestKey}` })).status).toBe(401);
    const contradicting = await post('', { authorization: `Bearer ${symbolsKey}` }, { ...TEST_APP_FIELDS, debug_identifier: '0000' });
    expect(contradicting.status).toBe(400);
    expect(((await contradicting.json()) as { error: string }).error).toContain('does not match');
    const notForm = await fetch(`${server.url}/api/v1/symbols`, {
      method: 'POST',
      headers: { authorization: `Bearer ${symbolsKey}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notForm.status).toBe(415);
  });

  it('takes a gzipped zip of a symbol store with the key as a bearer token', async () => {
    const crashClient = readFileSync(`${CRASH_CLIENT_DIR}/509C0610949836F7B70BD88BCF03E5400/crash-client.sym`);
    const zip = makeZip([{ name: 'symbols/crash-client/509C0610949836F7B70BD88BCF03E5400/crash-client.sym', data: crashClient }]);
    const response = await fetch(`${server.url}/api/v1/symbols`, {
      method: 'POST',
      headers: { authorization: `Bearer ${symbolsKey}`, 'content-type': 'application/zip', 'content-encoding': 'gzip' },
      body: gzipSync(zip),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      stored: [{ debugFile: 'crash-client', debugId: '509C0610949836F7B70BD88BCF03E5400', codeId: '509C0610949836F7B70BD88BCF03E540' }],
    });
  });

  it('adds a folder from the command line, and refuses a path that is not symbols', async () => {
    const added = await runCli(['symbols', 'add', fixturePath('stackwalk', 'symbols'), '--data', server.dataDir, '--json'], {
      program: 'candor-server',
    });
    expect(added.code).toBe(0);
    expect((JSON.parse(added.stdout) as { debugFile: string }[]).map((file) => file.debugFile).sort()).toEqual([
      'crash-client',
      'test_app.pdb',
    ]);
    const refused = await runCli(['symbols', 'add', fixturePath('minidumps', 'breakpad_minidump2.dmp'), '--data', server.dataDir], {
      program: 'candor-server',
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a Breakpad symbol file');
  });
});

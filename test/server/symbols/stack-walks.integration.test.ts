import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingSymbolsListSchema, StackViewSchema, type StackView } from '../../../contract/review';
import { uploadCandor } from '../../../main/upload/candor-transport';
import { startInitialisedServer, type InitialisedServer } from '../../helpers/candor-server-process';
import { fixturePath } from '../../helpers/fixtures';
import { runCli } from '../../helpers/run-cli';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

/**
 * The real candor-server walks the stacks of what it stores, in its worker thread, off the ingest
 * path: a Crashpad upload and a Candor report's minidump; and walks them again when their
 * symbols arrive through the symupload endpoint.
 */
const tempDir = useTempDirs();
const PIPELINE = readFileSync(fixturePath('minidumps', 'rust-minidump_pipeline-inlines-macos-segv.dmp'));
const CRASH_CLIENT_SYM = readFileSync(
  fixturePath('stackwalk', 'symbols', 'crash-client', '509C0610949836F7B70BD88BCF03E5400', 'crash-client.sym'),
);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('stack walks on candor-server', () => {
  let server: InitialisedServer;
  let dumpId = '';

  const stack = async (route: string): Promise<StackView> => {
    const { status, body } = await server.review(route);
    expect(status).toBe(200);
    return StackViewSchema.parse(body);
  };

  beforeAll(async () => {
    server = await startInitialisedServer();
    const form = new FormData();
    form.set('prod', 'crash-client');
    form.set('ver', '1.0.0');
    form.set('platform', 'darwin');
    form.set('upload_file_minidump', new Blob([new Uint8Array(PIPELINE)]), 'crash.dmp');
    const response = await fetch(`${server.url}/api/v1/minidump?key=${server.ingestKey}`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    dumpId = await response.text();
  }, 60_000);

  afterAll(async () => {
    await server.stop();
  });

  it('walks a Crashpad upload without symbols: module offsets, the module as signature, its symbols wanted', async () => {
    const view = await until(
      () => stack(`minidumps/${dumpId}/stack`),
      (value) => value.status !== 'pending',
      'the first walk',
    );
    expect(view.status).toBe('done');
    const frames = view.analysis?.threads[view.analysis.crashingThread ?? -1]?.frames ?? [];
    expect(frames[0]).toMatchObject({ module: 'crash-client', moduleOffset: '0x14cd4', trust: 'context' });
    expect(view.analysis).toMatchObject({ signature: 'crash-client', crashReason: 'EXC_BAD_ACCESS', crashAddress: '0xffffffff80000042' });
    expect(view.missing).toContainEqual({ debugFile: 'crash-client', debugId: '509C0610949836F7B70BD88BCF03E5400' });
    expect((await server.review('minidumps/00000000-0000-4000-8000-000000000000/stack')).status).toBe(404);
    const missing = MissingSymbolsListSchema.parse((await server.review('missing-symbols')).body);
    expect(missing).toContainEqual({ debugFile: 'crash-client', debugId: '509C0610949836F7B70BD88BCF03E5400', crashes: 1 });
  });

  it('walks it again once its symbols arrive through symupload, and groups it under a signature of function names', async () => {
    const key = JSON.parse(
      (await runCli(['keys', 'add', '--scope', 'symbols', '--data', server.dataDir, '--json'], { program: 'candor-server' })).stdout,
    ) as {
      key: string;
    };
    const form = new FormData();
    form.set('debug_file', 'crash-client');
    form.set('debug_identifier', '509C0610949836F7B70BD88BCF03E5400');
    form.set('symbol_file', new Blob([new Uint8Array(CRASH_CLIENT_SYM)]), 'crash-client.sym');
    expect((await fetch(`${server.url}/api/v1/symbols?key=${key.key}`, { method: 'POST', body: form })).status).toBe(200);

    const view = await until(
      () => stack(`minidumps/${dumpId}/stack`),
      (value) => value.analysis?.signature === 'core::ptr::write_volatile::<u8>',
      'the walk with symbols',
    );
    const frames = view.analysis?.threads[view.analysis.crashingThread ?? -1]?.frames ?? [];
    expect(frames.slice(0, 2).map((frame) => [frame.function, frame.line, frame.trust])).toEqual([
      ['core::ptr::write_volatile::<u8>', 1574, 'inline'],
      ['sadness_generator::raise_segfault', 133, 'context'],
    ]);
    expect(view.missing).not.toContainEqual(expect.objectContaining({ debugFile: 'crash-client' }));
    expect(view.analysis?.modules.find((module) => module.name === 'crash-client')?.symbols).toBe('loaded');
    const listed = (await server.review('reports')).body as { signatures: { signature: string; count: number }[] };
    expect(listed.signatures).toContainEqual(expect.objectContaining({ signature: 'core::ptr::write_volatile::<u8>', count: 1 }));
  });

  it('signs a native crash sent with the Candor protocol by its frames, not as an unknown exception', async () => {
    const { bundle } = sampleBundle(await tempDir(), 'native', undefined, {
      kind: 'native',
      processType: 'browser',
      error: undefined,
      signature: 'unknown exception',
    });
    expect(bundle.report.crash?.signature).toBe('unknown exception');
    expect((await uploadCandor(bundle, { url: server.endpoint, ingestKey: server.ingestKey })).ok).toBe(true);
    const signatureOf = async (): Promise<string | undefined> =>
      ((await server.review('reports')).body as { reports: { id: string; signature: string }[] }).reports.find(
        (item) => item.id === bundle.report.id,
      )?.signature;
    // breakpad_minidump2.dmp, whose symbols (test_app.sym) are not on this server: its module signs it.
    expect(await until(signatureOf, (signature) => signature === 'test_app.exe', 'the native report signature')).toBe('test_app.exe');
  });

  it("walks a Candor report's minidump attachment; a JavaScript error keeps its own signature", async () => {
    const { bundle } = sampleBundle(await tempDir());
    const outcome = await uploadCandor(bundle, { url: server.endpoint, ingestKey: server.ingestKey });
    expect(outcome.ok).toBe(true);
    const view = await until(
      () => stack(`reports/${bundle.report.id}/stack`),
      (value) => value.status !== 'pending',
      'the report walk',
    );
    expect(view.status).toBe('done');
    expect(view.analysis?.threads[view.analysis.crashingThread ?? -1]?.frames[0]).toMatchObject({
      module: 'test_app.exe',
      trust: 'context',
    });
    const report = (await server.review('reports')).body as { reports: { id: string; signature: string }[] };
    expect(report.reports.find((item) => item.id === bundle.report.id)?.signature).toContain('TypeError');
  });
});

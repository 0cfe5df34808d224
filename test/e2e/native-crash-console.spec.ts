import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtFile } from '../helpers/built';
import { startCandorServer, type CandorServerProcess } from '../helpers/candor-server-process';
import { fixturePath } from '../helpers/fixtures';

/**
 * A native crash end to end: candor-server receives a Crashpad upload of a real dump, its
 * symbols arrive afterwards through the symupload endpoint, and the review console (in Chromium)
 * shows the symbolicated crashing frame and groups the crash under a signature of function names.
 */
let dataDir: string;
let server: CandorServerProcess;
let keys: { ingestKey: string; reviewerToken: string };

test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'candor-native-'));
  const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', '--data', dataDir, '--json'], { encoding: 'utf8' });
  keys = JSON.parse(init.stdout) as typeof keys;
  server = await startCandorServer(['--data', dataDir]);
});

test.afterEach(async () => {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
});

test('a Crashpad upload, then its symbols through symupload: the console shows the symbolicated frame and groups by function', async ({
  page,
}) => {
  const crash = new FormData();
  crash.set('prod', 'crash-client');
  crash.set('ver', '1.0.0');
  crash.set('platform', 'darwin');
  crash.set(
    'upload_file_minidump',
    new Blob([new Uint8Array(readFileSync(fixturePath('minidumps', 'rust-minidump_pipeline-inlines-macos-segv.dmp')))]),
    'crash.dmp',
  );
  const upload = await fetch(`${server.url}/api/v1/minidump?key=${keys.ingestKey}`, { method: 'POST', body: crash });
  expect(upload.status).toBe(200);
  const dumpId = await upload.text();

  await page.goto(`${server.url}/#token=${keys.reviewerToken}`);
  await page.getByRole('link', { name: `Open minidump ${dumpId}` }).click();
  // Without symbols: the module and its offset, and the symbols it lacks named on the missing-symbols page.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stack-signature')).toHaveText('crash-client', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('stack-frame').first()).toContainText('crash-client + 0x14cd4');
  await page.getByRole('link', { name: 'Missing symbols' }).click();
  await expect(page.getByTestId('missing-symbols-row')).toContainText(['crash-client509C0610949836F7B70BD88BCF03E54001']);

  // The symbols arrive as Breakpad's symupload sends them.
  const symbolsKey = JSON.parse(
    spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'keys', 'add', '--scope', 'symbols', '--data', dataDir, '--json'], {
      encoding: 'utf8',
    }).stdout,
  ) as { key: string };
  const symbols = new FormData();
  symbols.set('debug_file', 'crash-client');
  symbols.set('debug_identifier', '509C0610949836F7B70BD88BCF03E5400');
  symbols.set('code_file', 'crash-client');
  symbols.set('os', 'mac');
  symbols.set('cpu', 'x86_64');
  symbols.set(
    'symbol_file',
    new Blob([
      new Uint8Array(
        readFileSync(fixturePath('stackwalk', 'symbols', 'crash-client', '509C0610949836F7B70BD88BCF03E5400', 'crash-client.sym')),
      ),
    ]),
    'crash-client.sym',
  );
  expect((await fetch(`${server.url}/api/v1/symbols?key=${symbolsKey.key}`, { method: 'POST', body: symbols })).status).toBe(200);

  await page.goto(`${server.url}/#/minidumps/${dumpId}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stack-signature')).toHaveText('core::ptr::write_volatile::<u8>', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const crashing = page.getByRole('table', { name: 'Crashing thread' });
  await expect(crashing.getByTestId('stack-frame').nth(0)).toContainText(
    'core::ptr::write_volatile::<u8>mod.rs : 1574crash-client + 0x14cd4inlined',
  );
  await expect(crashing.getByTestId('stack-frame').nth(1)).toContainText(
    'sadness_generator::raise_segfaultlib.rs : 133crash-client + 0x14cd4crash context',
  );
  await expect(crashing.getByTestId('stack-frame').nth(4)).toContainText('call frame info');
  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(violations.map((violation) => violation.id)).toEqual([]);

  // The list groups the crash under its function-name signature.
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Crash signatures' })).toContainText('core::ptr::write_volatile::<u8>');
  await expect(page.getByTestId('minidump-row')).toContainText('core::ptr::write_volatile::<u8>');
  // And its symbols are no longer wanted (the dump's system libraries still are).
  await page.getByRole('link', { name: 'Missing symbols' }).click();
  await expect(page.getByRole('heading', { name: 'Missing symbols' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(page.getByTestId('missing-symbols-row').filter({ hasText: 'crash-client' })).toHaveCount(0);
});

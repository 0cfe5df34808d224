import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { PREVIEW_ACCESS_FILE } from '../main/bridge/http-bridge';
import { formatTable } from '../main/cli/format';
import { collectOnce } from './diagnostics';
import { formatMs, median } from './stats';

/**
 * From a crash file handed over to the digest on screen: the crash file is renamed into the inbox
 * of a running `npm run preview`, and the clock stops when Chromium shows the report's SHA-256
 * with the region settled. Cold is a fresh data folder (no diagnostics cache, as after install),
 * warm reuses one whose static facts are cached. The diagnostics collection itself is timed
 * alone with the same cache, so what the dialog adds beyond it can be told apart.
 */
const ROUNDS = 5;
const PREVIEW = fileURLToPath(new URL('./preview.js', import.meta.url));
const DUMP = fileURLToPath(new URL('../../../shared/fixtures/minidumps/electron-node-minidump_linux.dmp', import.meta.url));
/** The dialog waits this long after a change before it rebuilds (renderer/features/crash-dialog). */
const REBUILD_PAUSE_MS = 250;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function chromiumPath(): string | undefined {
  const given = process.env.CANDOR_CHROMIUM;
  if (given !== undefined && given !== '') return given;
  return process.platform === 'linux' ? '/usr/bin/chromium' : undefined;
}

async function startPreview(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [PREVIEW, '--port', '0', '--no-sample-crash'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CANDOR_HOME: home },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Candor preview: http')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`preview exited with ${code ?? 'a signal'}: ${output}`)));
  });
  return { child, url: readFileSync(path.join(home, PREVIEW_ACCESS_FILE), 'utf8').trim() };
}

/** A crash file with a real minidump and a log, renamed into the inbox as another program would. */
function handOver(home: string, scratch: string, round: number): void {
  const dir = path.join(scratch, `crash-${round}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(DUMP, path.join(dir, 'crash.dmp'));
  writeFileSync(path.join(dir, 'app.log'), 'started\nrenderer gone\n');
  const file = path.join(dir, 'crash.json');
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'native',
      app: { name: 'Bench App', version: '1.0.0' },
      processType: 'renderer',
      minidump: path.join(dir, 'crash.dmp'),
      log: path.join(dir, 'app.log'),
    }),
  );
  renameSync(file, path.join(home, 'inbox', `bench-${round}.json`));
}

interface Timing {
  /** Until the dialog says what crashed. */
  dialogMs: number;
  /** Until the report's digest is on screen, settled. */
  digestMs: number;
  /** From a switch turned off until the new digest is on screen, less the pause the dialog waits for. */
  rebuildMs: number;
}

const DIGEST_SETTLED = (): boolean =>
  /^[0-9a-f]{64}$/.test(document.querySelector('[data-testid="digest"]')?.textContent ?? '') &&
  document.querySelector('section.exact')?.getAttribute('aria-busy') === 'false';

async function waitForEmpty(page: Page): Promise<void> {
  await page
    .getByText('No crash is waiting')
    .waitFor({ timeout: 20_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(tmpdir(), 'candor-bench-dialog-unsettled.png'), fullPage: true });
      throw new Error(`the preview page did not settle: ${(await page.locator('body').innerText()).slice(0, 400)}`, { cause: error });
    });
}

/** A crash handed over to an open page with nothing waiting: until the dialog, and until its digest. */
async function measureHandOver(page: Page, home: string, scratch: string, round: number): Promise<Omit<Timing, 'rebuildMs'>> {
  const started = performance.now();
  handOver(home, scratch, round);
  await page.getByTestId('crash-summary').waitFor({ timeout: 60_000 });
  const dialogMs = performance.now() - started;
  await page.waitForFunction(DIGEST_SETTLED, undefined, { polling: 'raf', timeout: 60_000 });
  return { dialogMs, digestMs: performance.now() - started };
}

/**
 * One hand-over in a fresh preview over `home`, then a switch changed. The crash comes as soon as
 * the page says nothing is waiting (its "This computer" still being collected), or, `settled`, once
 * that page shows this computer's facts, which the report then carries.
 */
async function handOverToDigest(browser: Browser, home: string, scratch: string, round: number, settled = false): Promise<Timing> {
  const preview = await startPreview(home);
  const page = await browser.newPage({ viewport: { width: 640, height: 780 } });
  try {
    await page.goto(preview.url);
    await waitForEmpty(page);
    if (settled) await page.getByTestId('probe-os').waitFor({ timeout: 60_000 });
    const timing = await measureHandOver(page, home, scratch, round);
    // The dialog's own work without the collection: a section left out, rebuilt and shown.
    const before = (await page.getByTestId('digest').textContent()) ?? '';
    const toggled = performance.now();
    await page.getByRole('switch', { name: 'Browsers' }).click();
    await page.waitForFunction(
      (previous) =>
        (document.querySelector('[data-testid="digest"]')?.textContent ?? previous) !== previous &&
        document.querySelector('section.exact')?.getAttribute('aria-busy') === 'false',
      before,
      { polling: 'raf', timeout: 60_000 },
    );
    const rebuildMs = performance.now() - toggled - REBUILD_PAUSE_MS;
    // Nothing left waiting, so the next round over the same data folder starts as this one did.
    await page.getByRole('button', { name: "Don't send" }).click();
    await waitForEmpty(page);
    return { ...timing, rebuildMs };
  } finally {
    await page.close();
    preview.child.kill('SIGTERM');
  }
}

/**
 * Candor already running, as the desktop app is: one preview takes crash after crash, each dismissed
 * with Don't send before the next; the session's diagnostics are already held, so this is the
 * dialog's own work from hand-over to digest.
 */
async function handOversWhileRunning(
  browser: Browser,
  home: string,
  scratch: string,
  firstRound: number,
): Promise<Omit<Timing, 'rebuildMs'>[]> {
  const preview = await startPreview(home);
  const page = await browser.newPage({ viewport: { width: 640, height: 780 } });
  const timings = [];
  try {
    await page.goto(preview.url);
    for (let round = 0; round <= ROUNDS; round++) {
      await waitForEmpty(page);
      const timing = await measureHandOver(page, home, scratch, firstRound + round);
      // The first crash of the session collects the diagnostics; it is not counted.
      if (round > 0) timings.push(timing);
      await page.getByRole('button', { name: "Don't send" }).click();
    }
    return timings;
  } finally {
    await page.close();
    preview.child.kill('SIGTERM');
  }
}

async function collectionMs(home: string): Promise<number> {
  const started = performance.now();
  await collectOnce(home);
  return performance.now() - started;
}

export async function benchDialog(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'candor-bench-dialog-'));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...(isRoot ? ['--no-sandbox'] : []), '--disable-gpu'] });
  try {
    const cold: Timing[] = [];
    const warm: Timing[] = [];
    const settled: Timing[] = [];
    const collectWarm: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = path.join(scratch, `cold-${round}`);
      mkdirSync(fresh);
      cold.push(await handOverToDigest(browser, fresh, scratch, round));
    }
    // Warm: the data folder a previous run left, with its static-facts cache.
    const home = path.join(scratch, 'cold-0');
    for (let round = 0; round < ROUNDS; round++) {
      warm.push(await handOverToDigest(browser, home, scratch, ROUNDS + round));
      settled.push(await handOverToDigest(browser, home, scratch, 2 * ROUNDS + round, true));
      collectWarm.push(await collectionMs(home));
    }
    const running = await handOversWhileRunning(browser, home, scratch, 3 * ROUNDS);
    const digest = (timings: Omit<Timing, 'rebuildMs'>[]): number[] => timings.map((timing) => timing.digestMs);
    const dialog = (timings: Omit<Timing, 'rebuildMs'>[]): number[] => timings.map((timing) => timing.dialogMs);
    const row = (label: string, values: number[]): string[] => [
      label,
      formatMs(median(values)),
      formatMs(Math.min(...values)),
      formatMs(Math.max(...values)),
    ];
    const warmBeyond = median(digest(warm)) - median(collectWarm);
    process.stdout.write(
      `Crash dialog: a crash file handed over to the digest on screen (Chromium through preview, ${ROUNDS} rounds each)\n` +
        `${formatTable([
          ['', 'median', 'min', 'max'],
          row('cold: to the dialog', dialog(cold)),
          row('cold: to the digest (no diagnostics cache)', digest(cold)),
          row('warm: to the dialog', dialog(warm)),
          row('warm: to the digest (cache filled)', digest(warm)),
          row('warm, page settled first: to the dialog', dialog(settled)),
          row('warm, page settled first: to the digest', digest(settled)),
          row('diagnostics collection alone, warm', collectWarm),
          row(
            'a switch changed to the new digest (less the 250 ms pause)',
            warm.map((timing) => timing.rebuildMs),
          ),
          row('running, diagnostics held: to the dialog', dialog(running)),
          row('running, diagnostics held: to the digest', digest(running)),
        ])}\n` +
        `fresh preview, warm cache, beyond the collection alone: ${formatMs(warmBeyond)} with the crash as the page opens, ` +
        `${formatMs(median(digest(settled)))} in all once the page has settled; ` +
        `Candor running (the dialog's own work): ${formatMs(median(digest(running)))} (goal: under 150 ms)\n`,
    );
  } finally {
    await browser.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { collectInChildProcess, forkNodeCollector } from '../main/diagnostics/collect-in-child';
import { formatTable } from '../main/cli/format';
import { formatMs, median } from './stats';

/**
 * Cold full collection in a fresh process against systeminformation's getStaticData() in a fresh
 * process, alternated; for each, the wall time and the caller's longest event-loop stall.
 */
const ROUNDS = 7;
const COLLECTOR = fileURLToPath(new URL('./collector.js', import.meta.url));
const SI_BASELINE = fileURLToPath(new URL('../../bench/si-static-data.mjs', import.meta.url));

interface Sample {
  wallMs: number;
  stallMs: number;
}

async function measure(work: () => Promise<void>): Promise<Sample> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  histogram.disable();
  // The histogram counts delay beyond its 1 ms sampling interval, in nanoseconds.
  return { wallMs, stallMs: histogram.max / 1e6 };
}

/** Cold: a fresh data folder each time, so the static-facts cache is empty, as after install. */
async function candorCold(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-bench-'));
  try {
    await collectOnce(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One full collection in a fresh collector process over `dataDir` (its static-facts cache included); every probe must succeed. */
export async function collectOnce(dataDir: string): Promise<void> {
  const snapshot = await collectInChildProcess(
    {
      dataDir,
      cacheFile: path.join(dataDir, 'cache', 'diagnostics-static.json'),
      app: {
        name: 'Candor',
        version: '0.0.0-bench',
        versions: { node: process.versions.node, v8: process.versions.v8 },
        startedAtMs: Date.now(),
      },
      deadlineMs: 10_000,
    },
    () => forkNodeCollector(COLLECTOR),
  );
  const failed = Object.entries(snapshot.probes).filter(([, result]) => result.status !== 'ok');
  if (failed.length > 0) throw new Error(`probes failed: ${failed.map(([name]) => name).join(', ')}`);
}

function siStaticData(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(SI_BASELINE, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (message: { ok: boolean; error?: string }) => {
      if (message.ok) resolve();
      else reject(new Error(message.error));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`getStaticData process exited with ${code}`));
    });
    child.send('go');
  });
}

export async function benchDiagnostics(): Promise<void> {
  const warmDir = await mkdtemp(path.join(tmpdir(), 'candor-bench-'));
  try {
    const candor: Sample[] = [];
    const baseline: Sample[] = [];
    const warm: Sample[] = [];
    await candorCold(); // warm the OS file cache for both sides alike
    await siStaticData();
    await collectOnce(warmDir);
    for (let round = 0; round < ROUNDS; round++) {
      candor.push(await measure(candorCold));
      baseline.push(await measure(siStaticData));
      warm.push(await measure(() => collectOnce(warmDir)));
    }
    const ratios = candor.map((sample, index) => sample.wallMs / (baseline[index]?.wallMs ?? Number.NaN));
    const rows = [['', 'median wall', 'min wall', 'max wall', 'longest caller stall']];
    for (const [name, samples] of [
      ['candor collect (cold, child process)', candor],
      ['si.getStaticData() (child process)', baseline],
      ['candor collect (static facts cached)', warm],
    ] as const) {
      const walls = samples.map((sample) => sample.wallMs);
      rows.push([
        name,
        formatMs(median(walls)),
        formatMs(Math.min(...walls)),
        formatMs(Math.max(...walls)),
        formatMs(Math.max(...samples.map((sample) => sample.stallMs))),
      ]);
    }
    process.stdout.write(`Diagnostics: ${ROUNDS} alternated rounds on ${process.platform}/${process.arch}, Node ${process.version}\n`);
    process.stdout.write(`${formatTable(rows)}\n`);
    process.stdout.write(`median wall-time ratio candor / getStaticData: ${median(ratios).toFixed(3)} (goal <= 0.2)\n`);
  } finally {
    await rm(warmDir, { recursive: true, force: true });
  }
}

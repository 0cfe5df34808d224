import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileDurable } from '../main/storage/durable-write';
import type { NewReport } from '../server/store/report-store';
import { SqliteReportStore } from '../server/store/sqlite-store';

const SERVER = fileURLToPath(new URL('./candor-server.js', import.meta.url));
const LOAD = fileURLToPath(new URL('./bench-server-load.js', import.meta.url));
const REPORTS = 3000;
const CONCURRENCY = 32;

function newReport(): NewReport {
  const id = randomUUID();
  const bytes = Buffer.from(`${id}${'x'.repeat(9_964)}`);
  return {
    id,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    appName: 'Load Test',
    appVersion: '1.0.0',
    osPlatform: null,
    signature: null,
    sizeBytes: bytes.length,
    attachments: [],
    bytes,
    attachmentBytes: new Map(),
    deletionTokenHash: 'unused',
  };
}

/**
 * Where a report's time goes in the store, in ms per report: the durable file write alone, a whole
 * `ingest` (file + commit) one at a time, and ingests CONCURRENCY at a time (files in parallel, one commit per batch).
 */
async function storeCosts(samples = 512): Promise<{ fileMs: number; aloneMs: number; concurrentMs: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-store-bench-'));
  try {
    const bytes = Buffer.alloc(10_000, 'x');
    let started = performance.now();
    for (let index = 0; index < samples; index++) await writeFileDurable(path.join(dataDir, `file-${index}`), bytes);
    const fileMs = (performance.now() - started) / samples;
    const store = new SqliteReportStore(dataDir);
    started = performance.now();
    for (let index = 0; index < samples; index++) await store.ingest(newReport(), new Date().toISOString());
    const aloneMs = (performance.now() - started) / samples;
    started = performance.now();
    for (let round = 0; round < samples / CONCURRENCY; round++)
      await Promise.all(Array.from({ length: CONCURRENCY }, () => store.ingest(newReport(), new Date().toISOString())));
    const concurrentMs = (performance.now() - started) / samples;
    await store.close();
    return { fileMs, aloneMs, concurrentMs };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Ingest throughput and latency with durable acknowledgement; server and load generator in separate processes. */
export async function benchServer(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-server-bench-'));
  try {
    const init = spawnSync(process.execPath, [SERVER, 'init', '--data', dataDir, '--json'], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`candor-server init failed: ${init.stderr}`);
    const { ingestKey } = JSON.parse(init.stdout) as { ingestKey: string };
    // One load generator stands for many clients sharing one key: the per-key limit is lifted to measure the store.
    const server = spawn(process.execPath, [SERVER, '--data', dataDir, '--port', '0', '--rate-limit', '100000000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const endpoint = await new Promise<string>((resolve) => {
      let output = '';
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /Candor report server: (\S+)/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
    });
    const load = spawnSync(process.execPath, [LOAD, endpoint, ingestKey, String(REPORTS), String(CONCURRENCY)], { encoding: 'utf8' });
    server.kill('SIGTERM');
    if (load.status !== 0) throw new Error(`load generator failed: ${load.stderr}`);
    const result = JSON.parse(load.stdout) as {
      sent: number;
      failures: number;
      seconds: number;
      perSecond: number;
      p50: number;
      p99: number;
      bytes: number;
    };
    process.stdout.write(
      `Server ingest: ${result.sent} reports of ${result.bytes} bytes, ${CONCURRENCY} in flight, each fsynced (files and SQLite, synchronous=FULL) before 201\n` +
        `throughput ${result.perSecond.toFixed(0)} reports/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures} (goal: 2000/s, p99 < 50 ms)\n`,
    );
    const costs = await storeCosts();
    process.stdout.write(
      `where the time goes, in ms per report: durable file write ${costs.fileMs.toFixed(2)}; ` +
        `store ingest one at a time ${costs.aloneMs.toFixed(2)}, ${CONCURRENCY} at a time ${costs.concurrentMs.toFixed(2)} (group commit); ` +
        `the whole server ${(1000 / result.perSecond).toFixed(2)} (the rest: HTTP handling, parsing and validation, and the load generator sharing the cores)\n`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

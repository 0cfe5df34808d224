import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileDurableSync } from '../main/storage/durable-write';
import { SqliteReportStore } from '../server/store/sqlite-store';

const SERVER = fileURLToPath(new URL('./candor-server.js', import.meta.url));
const LOAD = fileURLToPath(new URL('./bench-server-load.js', import.meta.url));
const REPORTS = 3000;
const CONCURRENCY = 32;

/** Where a report's time goes in the store: mean ms per durable file write, and per whole `ingest` (files + commit). */
async function storeCosts(samples = 500): Promise<{ fileMs: number; ingestMs: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-store-bench-'));
  try {
    const bytes = Buffer.alloc(10_000, 'x');
    let started = performance.now();
    for (let index = 0; index < samples; index++) writeFileDurableSync(path.join(dataDir, `file-${index}`), bytes);
    const fileMs = (performance.now() - started) / samples;
    const store = new SqliteReportStore(dataDir);
    started = performance.now();
    for (let index = 0; index < samples; index++) {
      const id = randomUUID();
      const reportBytes = Buffer.from(`${id}${'x'.repeat(9_964)}`);
      store.ingest(
        {
          id,
          sha256: createHash('sha256').update(reportBytes).digest('hex'),
          appName: 'Load Test',
          appVersion: '1.0.0',
          osPlatform: null,
          signature: null,
          sizeBytes: reportBytes.length,
          attachments: [],
          bytes: reportBytes,
          attachmentBytes: new Map(),
          deletionTokenHash: 'unused',
        },
        new Date().toISOString(),
      );
    }
    const ingestMs = (performance.now() - started) / samples;
    store.close();
    return { fileMs, ingestMs };
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
    const server = spawn(process.execPath, [SERVER, '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
      `where the time goes, in the store, one report at a time: ingest ${costs.ingestMs.toFixed(2)} ms ` +
        `(durable file write alone ${costs.fileMs.toFixed(2)} ms; the rest is the SQLite commit), ` +
        `${(1000 / result.perSecond).toFixed(2)} ms per report at the server overall\n`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

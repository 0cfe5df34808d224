import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
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
    osName: null,
    osVersion: null,
    signature: null,
    sizeBytes: bytes.length,
    attachments: [],
    bytes,
    attachmentBytes: new Map(),
    deletionTokenHash: 'unused',
  };
}

/**
 * Where a report's time goes in the store, in ms: a durable 10 KB file write (what each attachment
 * costs), a whole `ingest` of a report without attachments (its row and bytes, one commit) one at a
 * time, and ingests CONCURRENCY at a time (one commit per batch).
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

/** A fresh PostgreSQL database for one bench run, dropped after it. */
async function withScratchDatabase(adminUrl: string, run: (url: string) => Promise<void>): Promise<void> {
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const database = `candor_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    await run(url.href);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
/** Native crashes waiting to be walked while the load runs: each is the pipeline dump, symbolicated with its symbols. */
const DUMPS_TO_WALK = 300;

/** Crashpad uploads of a real dump, and its symbols in the store, so the server's stack walks have real work during the load. */
async function queueStackWalks(endpoint: string, ingestKey: string, storeArgs: string[]): Promise<string[]> {
  const added = spawnSync(process.execPath, [SERVER, 'symbols', 'add', path.join(FIXTURES, 'stackwalk', 'symbols'), ...storeArgs], {
    encoding: 'utf8',
  });
  if (added.status !== 0) throw new Error(`candor-server symbols add failed: ${added.stderr}`);
  const dump = new Uint8Array(readFileSync(path.join(FIXTURES, 'minidumps', 'rust-minidump_pipeline-inlines-macos-segv.dmp')));
  const base = endpoint.replace(/\/api\/v1\/reports$/, '');
  const ids: string[] = [];
  for (let index = 0; index < DUMPS_TO_WALK; index++) {
    const form = new FormData();
    form.set('prod', 'crash-client');
    form.set('ver', '1.0.0');
    form.set('upload_file_minidump', new Blob([dump]), 'crash.dmp');
    const response = await fetch(`${base}/api/v1/minidump?key=${ingestKey}`, { method: 'POST', body: form });
    if (response.status !== 200) throw new Error(`a minidump upload failed with ${response.status}`);
    ids.push(await response.text());
  }
  return ids;
}

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
  sent: number;
  bytes: number;
  /** With stack walks beside: how many of the queued dumps were walked when the load ended. */
  walked?: number;
}

/** Throughput and latency of one server over one store, measured by the load generator in its own process. */
async function loadServer(storeArgs: string[], withStackWalks = false): Promise<LoadResult> {
  const init = spawnSync(process.execPath, [SERVER, 'init', ...storeArgs, '--json'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`candor-server init failed: ${init.stderr}`);
  const { ingestKey } = JSON.parse(init.stdout) as { ingestKey: string };
  // One load generator stands for many clients sharing one key: the per-key limit is lifted to measure the store.
  const server = spawn(process.execPath, [SERVER, ...storeArgs, '--port', '0', '--rate-limit', '100000000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /Candor report server: (\S+)\n/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`candor-server exited with ${code ?? 'a signal'}: ${output}`)));
    });
    const dumpIds = withStackWalks ? await queueStackWalks(endpoint, ingestKey, storeArgs) : [];
    const load = spawnSync(process.execPath, [LOAD, endpoint, ingestKey, String(REPORTS), String(CONCURRENCY)], { encoding: 'utf8' });
    if (load.status !== 0) throw new Error(`load generator failed: ${load.stderr}`);
    const result = JSON.parse(load.stdout) as LoadResult;
    if (withStackWalks && storeArgs[0] === '--data' && storeArgs[1] !== undefined) {
      const store = new SqliteReportStore(storeArgs[1]);
      let walked = 0;
      for (const id of dumpIds) if ((await store.stack({ kind: 'minidump', id }))?.status === 'done') walked++;
      await store.close();
      result.walked = walked;
    }
    return result;
  } finally {
    server.kill('SIGTERM');
  }
}

function printLoad(store: string, result: LoadResult): void {
  process.stdout.write(
    `Server ingest (${store}): ${result.sent} reports of ${result.bytes} bytes, ${CONCURRENCY} in flight, each durable before 201\n` +
      `throughput ${result.perSecond.toFixed(0)} reports/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures} (goal: 2000/s, p99 < 50 ms)` +
      `${result.walked === undefined ? '' : `; ${result.walked} of ${DUMPS_TO_WALK} dumps walked by the end`}\n`,
  );
}

/**
 * Ingest throughput and latency with durable acknowledgement, server and load generator in separate
 * processes: the SQLite store always, and the PostgreSQL store when CANDOR_BENCH_POSTGRES names an
 * administrator URL of a running PostgreSQL (a scratch database is made and dropped).
 */
export async function benchServer(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'candor-server-bench-'));
  let sqlitePerSecond: number;
  try {
    const result = await loadServer(['--data', dataDir]);
    sqlitePerSecond = result.perSecond;
    printLoad('SQLite + files, synchronous=FULL', result);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const walkDir = await mkdtemp(path.join(tmpdir(), 'candor-server-bench-walks-'));
  try {
    printLoad(`SQLite + files, with ${DUMPS_TO_WALK} native crashes being walked beside it`, await loadServer(['--data', walkDir], true));
  } finally {
    await rm(walkDir, { recursive: true, force: true });
  }
  const costs = await storeCosts();
  process.stdout.write(
    `where the time goes (SQLite), in ms: a durable 10 KB attachment file ${costs.fileMs.toFixed(2)}; ` +
      `store ingest one at a time ${costs.aloneMs.toFixed(2)}, ${CONCURRENCY} at a time ${costs.concurrentMs.toFixed(2)} (group commit); ` +
      `the whole server ${(1000 / sqlitePerSecond).toFixed(2)} (the rest: HTTP handling, parsing and validation, and the load generator sharing the cores)\n`,
  );
  const postgresUrl = process.env.CANDOR_BENCH_POSTGRES;
  if (postgresUrl === undefined) {
    process.stdout.write('PostgreSQL store: not measured (set CANDOR_BENCH_POSTGRES to an administrator URL to measure it)\n');
    return;
  }
  await withScratchDatabase(postgresUrl, async (url) => {
    printLoad('PostgreSQL, one transaction per report', await loadServer(['--database', url]));
  });
}

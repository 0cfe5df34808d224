import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startReportServer } from '../../../server/http-server';
import { issueCredential } from '../../../server/credentials';
import { SqliteReportStore } from '../../../server/store/sqlite-store';
import { uploadCandor } from '../../../main/upload/candor-transport';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('the SQLite store on disk', () => {
  it('keeps the database (report bytes, the token secret), its WAL and every blob owner-only', async () => {
    const dir = await tempDir();
    const store = new SqliteReportStore(dir);
    const server = await startReportServer({ store });
    try {
      const ingestKey = (await issueCredential(store, 'ingest-key', 'test')).secret;
      const { bundle } = sampleBundle(await tempDir());
      expect((await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey })).ok).toBe(true);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
      expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['candor.sqlite', 'candor.sqlite-wal']));
      expect(files.filter((file) => (statSync(file).mode & 0o777) !== 0o600)).toEqual([]);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('sweeps what a kill mid-ingest left before it serves: stale temporary files and attachment files no row names', async () => {
    const dir = await tempDir();
    const store = new SqliteReportStore(dir);
    const server = await startReportServer({ store });
    let kept: string[];
    try {
      const ingestKey = (await issueCredential(store, 'ingest-key', 'test')).secret;
      const { bundle } = sampleBundle(await tempDir());
      expect((await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey })).ok).toBe(true);
      kept = bundle.report.attachments.map((meta) => meta.sha256);
    } finally {
      await server.close();
    }
    const orphan = 'ab'.repeat(32);
    mkdirSync(path.join(dir, 'blobs', 'ab'), { recursive: true });
    writeFileSync(path.join(dir, 'blobs', 'ab', orphan), 'written before a kill, never committed');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(dir, 'blobs', 'ab', `${orphan}.${gone}.01234567.tmp`), 'half');
    await store.sweepLeftovers();
    const left = readdirSync(path.join(dir, 'blobs'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
    expect(left).toEqual([...kept].sort());
    await store.close();
  });

  it('says on standard error why it answered 500, and answers the client without the details', async () => {
    const dir = await tempDir();
    const store = new SqliteReportStore(dir);
    const reviewer = (await issueCredential(store, 'reviewer-token', 'test')).secret;
    const server = await startReportServer({ store });
    const logged: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      // A real storage failure after sign-in: the review list finds the table gone.
      new Database(path.join(dir, 'candor.sqlite')).exec('DROP TABLE minidumps');
      const response = await fetch(`${server.url}/api/v1/review/reports`, { headers: { authorization: `Bearer ${reviewer}` } });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal error' });
      expect(logged.join('')).toMatch(/candor-server: GET \/api\/v1\/review\/reports failed: .*minidumps/);
    } finally {
      write.mockRestore();
      await server.close();
      await store.close();
    }
  });
});

describe('secrets', () => {
  it('name what they are and never start with a dash, which a command line would take for an option', async () => {
    const store = new SqliteReportStore(await tempDir());
    try {
      for (let round = 0; round < 200; round++) {
        const key = (await issueCredential(store, 'ingest-key', 'test')).secret;
        const token = (await issueCredential(store, 'reviewer-token', 'test')).secret;
        expect(key).toMatch(/^cik_[\w-]{32}$/);
        expect(token).toMatch(/^crt_[\w-]{32}$/);
      }
    } finally {
      await store.close();
    }
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewReport, ReportStore } from '../../../server/store/report-store';
import { SqliteReportStore } from '../../../server/store/sqlite-store';
import { describeEachStore } from '../../helpers/report-stores';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const PAGE = { limit: 10, offset: 0 };

function newReport(id: string, os: { name: string; version: string } | null): NewReport {
  const bytes = Buffer.from(`{"id":"${id}"}`);
  return {
    id,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    appName: 'Example Editor',
    appVersion: '2.4.1',
    osPlatform: os === null ? null : 'linux',
    osName: os?.name ?? null,
    osVersion: os?.version ?? null,
    signature: 'TypeError at countWords (editor.js)',
    sizeBytes: bytes.length,
    attachments: [],
    bytes,
    attachmentBytes: new Map(),
    deletionTokenHash: 'unused',
  };
}

describeEachStore('the review list: the OS by name and version, and a report found by its support code', (kind) => {
  let store: ReportStore;
  beforeEach(async () => {
    ({ store } = await kind.open(await tempDir()));
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps the OS name and version of each report and finds one by the first characters of its id', async () => {
    const first = randomUUID();
    let second = randomUUID();
    while (second.slice(0, 8) === first.slice(0, 8)) second = randomUUID();
    await store.ingest(newReport(first, { name: 'Ubuntu 24.04.1 LTS', version: '24.04' }), '2026-11-30T10:00:00.000Z');
    await store.ingest(newReport(second, null), '2026-11-30T10:01:00.000Z');

    const all = await store.list(PAGE);
    expect(all.map((report) => [report.id, report.osName, report.osVersion])).toEqual([
      [second, null, null],
      [first, 'Ubuntu 24.04.1 LTS', '24.04'],
    ]);
    expect((await store.list({ ...PAGE, idPrefix: first.slice(0, 8) })).map((report) => report.id)).toEqual([first]);
    expect((await store.list({ ...PAGE, idPrefix: first })).map((report) => report.id)).toEqual([first]);
    expect(await store.list({ ...PAGE, idPrefix: 'ffffffff-0000' })).toEqual([]);
    // Signatures and minidumps take the same filter.
    expect((await store.signatures({ ...PAGE, idPrefix: first.slice(0, 8) })).map((group) => group.count)).toEqual([1]);
    expect(await store.listMinidumps({ ...PAGE, idPrefix: first.slice(0, 8) })).toEqual([]);
  });
});

describe('a SQLite store made before the OS name and version were kept', () => {
  it('gains the columns when opened, and its old reports list with no OS name', async () => {
    const dir = await tempDir();
    mkdirSync(dir, { recursive: true });
    const old = new Database(path.join(dir, 'candor.sqlite'));
    old.exec(`CREATE TABLE reports (
        id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, received_at TEXT NOT NULL, app_name TEXT NOT NULL,
        app_version TEXT NOT NULL, os_platform TEXT, signature TEXT, size_bytes INTEGER NOT NULL,
        attachments TEXT NOT NULL, deletion_token_hash TEXT NOT NULL, bytes BLOB NOT NULL)`);
    const id = randomUUID();
    old
      .prepare('INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, 'a'.repeat(64), '2026-11-01T00:00:00.000Z', 'Old App', '1.0', 'win32', null, 2, '[]', 'unused', Buffer.from('{}'));
    old.close();

    const store = new SqliteReportStore(dir);
    try {
      expect(await store.list(PAGE)).toEqual([expect.objectContaining({ id, osPlatform: 'win32', osName: null, osVersion: null })]);
      await store.ingest(newReport(randomUUID(), { name: 'Windows 11 Pro', version: '23H2' }), '2026-11-30T10:00:00.000Z');
      expect((await store.list(PAGE))[0]).toMatchObject({ osName: 'Windows 11 Pro', osVersion: '23H2' });
    } finally {
      await store.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256, startReportServer, type RunningServer } from '../../server/http-server';
import { SqliteReportStore } from '../../server/store/sqlite-store';
import { fixturePath } from '../helpers/fixtures';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const INGEST_KEY = 'test-ingest-key-0123456789';
const REVIEWER_TOKEN = 'test-reviewer-token-0123456789';

let store: SqliteReportStore;
let server: RunningServer;
let clock = new Date('2026-11-29T10:00:00Z');

beforeEach(async () => {
  store = new SqliteReportStore(await tempDir());
  store.addIngestKey(sha256(INGEST_KEY), 'test');
  store.addReviewerToken(sha256(REVIEWER_TOKEN), 'test');
  server = await startReportServer({ store, tokenSecret: randomBytes(32), now: () => clock });
});

afterEach(async () => {
  await server.close();
  store.close();
});

interface Expected {
  minidump_sha256: string;
  content_type: string;
  content_encoding: string | null;
  form_fields_in_wire_order: Record<string, string>;
}

describe('the Breakpad endpoint', () => {
  it.each([
    ['electron-1.4.3-mac-renderer_crashpad-upload', 'multipart'],
    ['simple-crashpad-macos_crashpad-upload-gzip', 'multipart.gz'],
  ])('takes the %s upload as Crashpad sends it and answers with a report id', async (name, extension) => {
    const expected = JSON.parse(readFileSync(fixturePath('crash-uploads', `${name}.expected.json`), 'utf8')) as Expected;
    const body = readFileSync(fixturePath('crash-uploads', `${name}.${extension}`));
    const response = await axios.post<string>(`${server.url}/api/v1/minidump?key=${INGEST_KEY}`, body, {
      headers: {
        'content-type': expected.content_type,
        ...(expected.content_encoding === null ? {} : { 'content-encoding': expected.content_encoding }),
      },
      responseType: 'text',
      validateStatus: () => true,
    });
    expect(response.status).toBe(200);
    expect(response.data).toMatch(/^[0-9a-f-]{36}$/);
    const [stored] = store.listMinidumps(10);
    expect(stored).toMatchObject({ id: response.data, sha256: expected.minidump_sha256, fields: expected.form_fields_in_wire_order });
    expect(stored?.signature).toMatch(/^native /);
  });

  it('refuses an upload without the ingest key, and one whose dump is not a minidump', async () => {
    const expected = JSON.parse(
      readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.expected.json'), 'utf8'),
    ) as Expected;
    const body = readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.multipart'));
    const headers = { 'content-type': expected.content_type };
    expect((await axios.post(`${server.url}/api/v1/minidump`, body, { headers, validateStatus: () => true })).status).toBe(401);
    const broken = Buffer.from(body.toString('latin1').replace('MDMP', 'XXXX'), 'latin1');
    expect(
      (await axios.post(`${server.url}/api/v1/minidump?key=${INGEST_KEY}`, broken, { headers, validateStatus: () => true })).status,
    ).toBe(400);
    expect(store.listMinidumps(10)).toEqual([]);
  });
});

describe('retention', () => {
  it('purges what was received before the cutoff, files included, and keeps the rest', async () => {
    const expected = JSON.parse(
      readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.expected.json'), 'utf8'),
    ) as Expected;
    const body = readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.multipart'));
    const post = () =>
      axios.post<string>(`${server.url}/api/v1/minidump?key=${INGEST_KEY}`, body, { headers: { 'content-type': expected.content_type } });
    clock = new Date('2021-01-01T00:00:00Z');
    const old = (await post()).data;
    clock = new Date('2026-11-29T10:00:00Z');
    const recent = (await post()).data;
    expect(store.purgeReceivedBefore('2022-11-29T10:00:00.000Z')).toEqual({ reports: 0, minidumps: 1 });
    expect(store.listMinidumps(10).map((dump) => dump.id)).toEqual([recent]);
    expect(old).not.toBe(recent);
    const reviewed = await axios.get<{ id: string }[]>(`${server.url}/api/v1/review/minidumps`, {
      headers: { authorization: `Bearer ${REVIEWER_TOKEN}` },
    });
    expect(reviewed.data.map((dump) => dump.id)).toEqual([recent]);
  });
});

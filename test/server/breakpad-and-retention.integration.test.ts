import { readFileSync } from 'node:fs';
import axios from 'axios';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ReportListSchema } from '../../contract/review';
import { sha256Hex } from '../../main/report/build-report';
import { issueCredential } from '../../server/credentials';
import { startReportServer, type RunningServer } from '../../server/http-server';
import { describeEachStore, type OpenedStore } from '../helpers/report-stores';
import { fixturePath } from '../helpers/fixtures';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

let opened: OpenedStore;
let server: RunningServer;
let clock = new Date('2026-11-29T10:00:00Z');
let INGEST_KEY: string;
let REVIEWER_TOKEN: string;

interface Expected {
  minidump_sha256: string;
  content_type: string;
  content_encoding: string | null;
  form_fields_in_wire_order: Record<string, string>;
}

describeEachStore('the Breakpad endpoint and retention', (kind) => {
  beforeEach(async () => {
    opened = await kind.open(await tempDir());
    INGEST_KEY = (await issueCredential(opened.store, 'ingest-key', 'test')).secret;
    REVIEWER_TOKEN = (await issueCredential(opened.store, 'reviewer-token', 'test')).secret;
    server = await startReportServer({ store: opened.store, now: () => clock });
  });

  afterEach(async () => {
    await server.close();
    await opened.store.close();
  });

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
    const [stored] = await opened.store.listMinidumps({ limit: 10, offset: 0 });
    expect(stored).toMatchObject({ id: response.data, sha256: expected.minidump_sha256, fields: expected.form_fields_in_wire_order });
    expect(stored?.signature).toMatch(/^native /);
    // Named after the app as the crashReporter fields name it, or "unknown" when they do not.
    const fields = expected.form_fields_in_wire_order;
    expect(stored).toMatchObject({
      appName: fields._productName ?? 'unknown',
      appVersion: fields._version ?? 'unknown',
      osPlatform: fields.platform ?? null,
    });
  });

  it('lists minidumps for reviewers with the filters, and counts them in their signature group', async () => {
    const expected = JSON.parse(
      readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.expected.json'), 'utf8'),
    ) as Expected;
    const body = readFileSync(fixturePath('crash-uploads', 'electron-1.4.3-mac-renderer_crashpad-upload.multipart'));
    for (let upload = 0; upload < 2; upload++)
      await axios.post(`${server.url}/api/v1/minidump?key=${INGEST_KEY}`, body, { headers: { 'content-type': expected.content_type } });
    const review = (query: string) =>
      axios.get<unknown>(`${server.url}/api/v1/review/reports?${query}`, { headers: { authorization: `Bearer ${REVIEWER_TOKEN}` } });
    const all = ReportListSchema.parse((await review('')).data);
    expect(all.minidumps).toHaveLength(2);
    expect(all.reports).toEqual([]);
    expect(all.signatures).toEqual([expect.objectContaining({ appName: 'Kevin', count: 2, signature: all.minidumps[0]?.signature })]);
    expect(ReportListSchema.parse((await review('app=Kevin&version=1.4.3&os=darwin')).data).minidumps).toHaveLength(2);
    const other = ReportListSchema.parse((await review('os=win32')).data);
    expect([other.minidumps, other.signatures]).toEqual([[], []]);
    const dump = await axios.get<ArrayBuffer>(`${server.url}/api/v1/review/minidumps/${all.minidumps[0]?.id ?? ''}/dump`, {
      headers: { authorization: `Bearer ${REVIEWER_TOKEN}` },
      responseType: 'arraybuffer',
    });
    expect(dump.headers['content-type']).toBe('application/octet-stream');
    expect(sha256Hex(Buffer.from(dump.data))).toBe(expected.minidump_sha256);
    const refused = await axios.get(`${server.url}/api/v1/review/minidumps/${all.minidumps[0]?.id ?? ''}/dump`, {
      validateStatus: () => true,
    });
    expect(refused.status).toBe(401);
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
    expect(await opened.store.listMinidumps({ limit: 10, offset: 0 })).toEqual([]);
  });

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
    expect(await opened.store.purgeReceivedBefore('2022-11-29T10:00:00.000Z')).toEqual({ reports: 0, minidumps: 1 });
    expect((await opened.store.listMinidumps({ limit: 10, offset: 0 })).map((dump) => dump.id)).toEqual([recent]);
    // The same dump twice shares one file in the SQLite store: the row left still has its bytes.
    expect(await opened.countStoredBytes()).toBe(1);
    expect(old).not.toBe(recent);
    const reviewed = await axios.get<{ id: string }[]>(`${server.url}/api/v1/review/minidumps`, {
      headers: { authorization: `Bearer ${REVIEWER_TOKEN}` },
    });
    expect(reviewed.data.map((dump) => dump.id)).toEqual([recent]);
    expect(await opened.store.purgeReceivedBefore('2027-01-01T00:00:00.000Z')).toEqual({ reports: 0, minidumps: 1 });
    expect(await opened.countStoredBytes()).toBe(0);
  });
});

import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readBundle, type Bundle } from '../../main/report/bundle';
import { deleteFromServer, uploadCandor } from '../../main/upload/candor-transport';
import { multipartBody } from '../../main/upload/multipart';
import { issueCredential } from '../../server/credentials';
import { startReportServer, type RunningServer } from '../../server/http-server';
import type { ReportStore } from '../../server/store/report-store';
import { describeEachStore, type OpenedStore } from '../helpers/report-stores';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';
import { uploadBody } from '../helpers/upload-body';

const tempDir = useTempDirs();

let opened: OpenedStore;
let store: ReportStore;
let server: RunningServer;
let endpoint: string;
let INGEST_KEY: string;
let REVIEWER_TOKEN: string;

/** A report to send; these tests speak the Candor protocol to the server directly, so consent is the client's tests' concern. */
async function approved(comment = 'a comment'): Promise<{ bundle: Bundle }> {
  return sampleBundle(await tempDir(), comment);
}

describeEachStore('the report server with the real client', (kind) => {
  beforeEach(async () => {
    opened = await kind.open(await tempDir());
    ({ store } = opened);
    INGEST_KEY = (await issueCredential(store, 'ingest-key', 'test')).secret;
    REVIEWER_TOKEN = (await issueCredential(store, 'reviewer-token', 'test')).secret;
    server = await startReportServer({ store });
    endpoint = `${server.url}/api/v1/reports`;
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  it('stores exactly the bytes the user approved and answers 201 with a receipt naming their digest', async () => {
    const { bundle } = await approved();
    const outcome = await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
    expect(outcome).toMatchObject({ ok: true, receipt: { id: bundle.report.id, sha256: bundle.sha256 } });
    expect((await store.reportBytes(bundle.report.id))?.equals(bundle.bytes)).toBe(true);
    expect(await store.get(bundle.report.id)).toMatchObject({
      appName: 'Example Editor',
      osPlatform: 'linux',
      signature: expect.stringContaining('TypeError') as unknown,
    });
  });

  it('answers a retry with 200 and the same receipt, and a different report under the same id with 409', async () => {
    const { bundle } = await approved();
    const first = await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
    const again = await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
    expect(again).toEqual(first);
    const other = await approved('another comment');
    const clash: Bundle = { ...other.bundle, report: { ...other.bundle.report, id: bundle.report.id } };
    // The same id with other bytes: the body still says its own id, so it is refused before storage.
    expect(await uploadCandor(clash, { url: endpoint, ingestKey: INGEST_KEY })).toMatchObject({
      ok: false,
      failure: { kind: 'final' },
    });
  });

  it('takes the same report sent several times at once as one: one 201, the others 200 with the same receipt', async () => {
    const { bundle } = await approved();
    const { body, contentType } = uploadBody(bundle);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        axios.post(endpoint, body, {
          headers: { authorization: `Bearer ${INGEST_KEY}`, 'idempotency-key': bundle.report.id, 'content-type': contentType },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.data))).size).toBe(1);
    expect((await store.list({ limit: 10, offset: 0 })).map((report) => report.id)).toEqual([bundle.report.id]);
  });

  it('refuses uploads without a valid ingest key, which the client keeps waiting for a valid destination', async () => {
    const { bundle } = await approved();
    expect(await uploadCandor(bundle, { url: endpoint, ingestKey: 'wrong' })).toMatchObject({
      ok: false,
      failure: { kind: 'destination', status: 401 },
    });
    expect(await uploadCandor(bundle, { url: endpoint })).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(await store.get(bundle.report.id)).toBeUndefined();
  });

  it('answers 503 when storage fails, so the client keeps the report and tries again, and stores nothing partial', async () => {
    await opened.breakStorage();
    const { bundle } = await approved();
    expect(await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY })).toMatchObject({
      ok: false,
      failure: { kind: 'retry', status: 503 },
    });
    expect(await store.get(bundle.report.id)).toBeUndefined();
  });

  it('lets a deletion token reach its own report only', async () => {
    const first = await approved('first');
    const second = await approved('second');
    const receipts = [];
    for (const { bundle } of [first, second]) {
      const outcome = await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
      if (!outcome.ok) throw new Error('upload failed');
      receipts.push(outcome.receipt);
    }
    const url = `${endpoint}/${second.bundle.report.id}`;
    const headers = { 'deletion-token': receipts[0]?.deletionToken ?? '' };
    expect((await axios.get(url, { headers, validateStatus: () => true })).status).toBe(403);
    expect((await axios.delete(url, { headers, validateStatus: () => true })).status).toBe(403);
    expect((await store.get(second.bundle.report.id))?.sha256).toBe(receipts[1]?.sha256);
  });

  it('refuses a revoked ingest key and keeps taking the others', async () => {
    const laptop = await issueCredential(store, 'ingest-key', 'laptop');
    expect(await store.revokeCredential('ingest-key', laptop.credential.id, new Date().toISOString())).toBe(true);
    const { bundle } = await approved();
    expect(await uploadCandor(bundle, { url: endpoint, ingestKey: laptop.secret })).toMatchObject({
      ok: false,
      failure: { status: 401 },
    });
    expect(await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY })).toMatchObject({ ok: true });
  });

  it('limits uploads per ingest key: past the allowance a 429 with Retry-After, and the client keeps the report', async () => {
    const limited = await startReportServer({ store, rateLimitPerMinute: 2 });
    try {
      const limitedEndpoint = `${limited.url}/api/v1/reports`;
      for (const comment of ['first', 'second']) {
        const { bundle } = await approved(comment);
        expect(await uploadCandor(bundle, { url: limitedEndpoint, ingestKey: INGEST_KEY })).toMatchObject({ ok: true });
      }
      const { bundle } = await approved('third');
      expect(await uploadCandor(bundle, { url: limitedEndpoint, ingestKey: INGEST_KEY })).toMatchObject({
        ok: false,
        failure: { kind: 'retry', status: 429, retryAfterMs: 30_000 },
      });
      expect(await store.get(bundle.report.id)).toBeUndefined();
      // Another key has its own allowance.
      const other = await issueCredential(store, 'ingest-key', 'another app');
      expect(await uploadCandor(bundle, { url: limitedEndpoint, ingestKey: other.secret })).toMatchObject({ ok: true });
    } finally {
      await limited.close();
    }
  });

  it('gives the report back and deletes it only with its deletion token', async () => {
    const { bundle } = await approved();
    const outcome = await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
    if (!outcome.ok) throw new Error('upload failed');
    const url = `${endpoint}/${bundle.report.id}`;
    const wrong = await axios.get(url, { headers: { 'deletion-token': 'nope' }, validateStatus: () => true });
    expect(wrong.status).toBe(403);
    const access = await axios.get<ArrayBuffer>(url, {
      headers: { 'deletion-token': outcome.receipt.deletionToken },
      responseType: 'arraybuffer',
      validateStatus: () => true,
    });
    expect(Buffer.from(access.data).equals(bundle.bytes)).toBe(true);
    expect(await deleteFromServer(outcome.receipt)).toEqual({ ok: true, reason: { code: 'server-deleted' } });
    expect(await store.get(bundle.report.id)).toBeUndefined();
    expect(await store.reportBytes(bundle.report.id)).toBeUndefined();
  });

  it('lets only reviewers list reports', async () => {
    const { bundle } = await approved();
    await uploadCandor(bundle, { url: endpoint, ingestKey: INGEST_KEY });
    const refused = await axios.get(`${server.url}/api/v1/review/reports`, { validateStatus: () => true });
    expect(refused.status).toBe(401);
    const listed = await axios.get<{ reports: { id: string }[] }>(`${server.url}/api/v1/review/reports`, {
      headers: { authorization: `Bearer ${REVIEWER_TOKEN}` },
    });
    expect(listed.data.reports.map((report) => report.id)).toEqual([bundle.report.id]);
  });

  it('refuses bad input with a 4xx and stores nothing: wrong digests, bad JSON, a gzip bomb, truncated multipart', async () => {
    const { bundle } = await approved();
    const post = (body: Buffer, headers: Record<string, string>) =>
      axios.post(endpoint, body, {
        headers: { authorization: `Bearer ${INGEST_KEY}`, 'idempotency-key': bundle.report.id, ...headers },
        validateStatus: () => true,
      });
    const good = uploadBody(bundle);
    const tampered = multipartBody([
      { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: bundle.bytes },
      ...bundle.attachments.map((attachment) => ({
        name: 'attachment',
        filename: attachment.name,
        contentType: 'application/octet-stream',
        bytes: Buffer.concat([attachment.bytes, Buffer.from('x')]),
      })),
    ]);
    const notJson = multipartBody([
      { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: Buffer.from('{not json') },
    ]);
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    const cases: [string, Buffer, Record<string, string>, number][] = [
      ['tampered attachment', tampered.body, { 'content-type': tampered.contentType }, 400],
      ['not JSON', notJson.body, { 'content-type': notJson.contentType }, 400],
      ['truncated multipart', good.body.subarray(0, good.body.length / 2), { 'content-type': good.contentType }, 400],
      ['gzip bomb', bomb, { 'content-type': good.contentType, 'content-encoding': 'gzip' }, 413],
      ['not multipart', Buffer.from('{}'), { 'content-type': 'application/json' }, 415],
    ];
    for (const [name, body, headers, status] of cases) {
      expect((await post(body, headers)).status, name).toBe(status);
    }
    expect(await store.list({ limit: 10, offset: 0 })).toEqual([]);
    // The server is still up and takes the good one.
    expect((await post(good.body, { 'content-type': good.contentType })).status).toBe(201);
    expect(readBundle(bundle.dir).sha256).toBe((await store.get(bundle.report.id))?.sha256);
  });
});

import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadCandor } from '../../main/upload/candor-transport';
import { issueCredential } from '../../server/credentials';
import { MAX_UNPACKED_BYTES, startReportServer, type RunningServer } from '../../server/http-server';
import { SqliteReportStore } from '../../server/store/sqlite-store';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let store: SqliteReportStore;
let server: RunningServer;
let ingestKey: string;
const BUDGET = 1024 * 1024;

beforeEach(async () => {
  store = new SqliteReportStore(await tempDir());
  ingestKey = (await issueCredential(store, 'ingest-key', 'test')).secret;
  server = await startReportServer({ store, maxBodyBytesInFlight: BUDGET });
});
afterEach(async () => {
  await server.close();
  await store.close();
});

/** An upload that has sent `sentBytes` of its body and waits; `finish` sends the rest. */
function slowUpload(sentBytes: number) {
  const url = new URL(`${server.url}/api/v1/reports`);
  const request = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': sentBytes + 10 },
  });
  const answered = new Promise<number>((resolve) => {
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(-1));
  });
  request.write(Buffer.alloc(sentBytes));
  return { answered, finish: () => request.end(Buffer.alloc(10)) };
}

describe('request bodies held in memory', () => {
  it('past the shared budget a new upload is answered 503 with Retry-After, and goes through once memory is free', async () => {
    const holding = slowUpload(BUDGET - 8 * 1024);
    // Wait until the server has taken the first body's bytes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { bundle } = sampleBundle(await tempDir());
    const refused = await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey });
    expect(refused).toMatchObject({ ok: false, failure: { kind: 'retry', status: 503, retryAfterMs: 5000 } });
    holding.finish();
    expect(await holding.answered).toBe(400);
    const accepted = await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey });
    expect(accepted.ok).toBe(true);
  });

  it('inflates gzip off the event loop: a request arriving meanwhile is answered first', async () => {
    await server.close();
    server = await startReportServer({ store });
    // About 128 MiB of zeros, a few hundred kilobytes packed: inflating it takes a while.
    const bomb = gzipSync(Buffer.alloc(MAX_UNPACKED_BYTES - 1024));
    const order: string[] = [];
    const upload = axios
      .post(`${server.url}/api/v1/reports`, bomb, {
        headers: { authorization: `Bearer ${ingestKey}`, 'content-encoding': 'gzip', 'content-type': 'multipart/form-data; boundary=x' },
        validateStatus: () => true,
      })
      .then((response) => order.push(`upload ${response.status}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const meanwhile = axios
      .get(`${server.url}/api/v1/review/reports`, { validateStatus: () => true })
      .then((response) => order.push(`review ${response.status}`));
    await Promise.all([upload, meanwhile]);
    expect(order).toEqual(['review 401', 'upload 400']);
  });
});

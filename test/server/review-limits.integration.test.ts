import axios from 'axios';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REVIEW_PAGE_SIZE, ReportListSchema, StoredMinidumpSchema } from '../../contract/review';
import { multipartBody } from '../../main/upload/multipart';
import { uploadCandor } from '../../main/upload/candor-transport';
import { issueCredential } from '../../server/credentials';
import {
  MAX_FIELD_NAME_BYTES,
  MAX_FIELD_VALUE_BYTES,
  MAX_FORM_FIELDS,
  startReportServer,
  type RunningServer,
} from '../../server/http-server';
import { fixturePath } from '../helpers/fixtures';
import { describeEachStore, type OpenedStore } from '../helpers/report-stores';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const tempDir = useTempDirs();
let opened: OpenedStore;
let server: RunningServer;
let ingestKey: string;
let reviewerToken: string;
const dump = readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'));

function uploadDump(fields: Record<string, string>) {
  const { body, contentType } = multipartBody([
    ...Object.entries(fields).map(([name, value]) => ({ name, bytes: Buffer.from(value) })),
    { name: 'upload_file_minidump', filename: 'crash.dmp', contentType: 'application/octet-stream', bytes: dump },
  ]);
  return axios.post<string>(`${server.url}/api/v1/minidump?key=${ingestKey}`, body, {
    headers: { 'content-type': contentType },
    responseType: 'text',
    validateStatus: () => true,
    maxBodyLength: Infinity,
  });
}

function review(route: string, method: 'GET' | 'DELETE' = 'GET') {
  return axios.request<unknown>({
    url: `${server.url}/api/v1/review/${route}`,
    method,
    headers: { authorization: `Bearer ${reviewerToken}` },
    validateStatus: () => true,
  });
}

describeEachStore('review limits, paging and ids', (kind) => {
  beforeEach(async () => {
    opened = await kind.open(await tempDir());
    ingestKey = (await issueCredential(opened.store, 'ingest-key', 'test')).secret;
    reviewerToken = (await issueCredential(opened.store, 'reviewer-token', 'test')).secret;
    server = await startReportServer({ store: opened.store, rateLimitPerMinute: 100_000 });
  });
  afterEach(async () => {
    await server.close();
    await opened.store.close();
  });

  it("refuses Breakpad uploads past Crashpad's field limits with 413, storing nothing", async () => {
    const tooMany = Object.fromEntries(Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, index) => [`k${index}`, 'v']));
    expect((await uploadDump(tooMany)).status).toBe(413);
    expect((await uploadDump({ ['k'.repeat(MAX_FIELD_NAME_BYTES + 1)]: 'v' })).status).toBe(413);
    const long = await uploadDump({ prod: 'x'.repeat(MAX_FIELD_VALUE_BYTES + 1) });
    expect(long.status).toBe(413);
    expect(long.data).toContain(`form field prod is longer than ${MAX_FIELD_VALUE_BYTES} bytes`);
    expect(await opened.store.listMinidumps({ limit: 10, offset: 0 })).toEqual([]);
    // Within the limits it is taken.
    expect((await uploadDump({ prod: 'x'.repeat(MAX_FIELD_VALUE_BYTES), list_annotations: 'a\nb'.repeat(10_000) })).status).toBe(200);
  });

  it('pages the review lists and deletes a minidump, from the API', async () => {
    for (let index = 0; index < REVIEW_PAGE_SIZE + 3; index++) expect((await uploadDump({ prod: `App ${index}` })).status).toBe(200);
    const first = z.array(StoredMinidumpSchema).parse((await review('minidumps')).data);
    const second = z.array(StoredMinidumpSchema).parse((await review('minidumps?page=2')).data);
    expect(first).toHaveLength(REVIEW_PAGE_SIZE);
    expect(second).toHaveLength(3);
    expect(new Set([...first, ...second].map((row) => row.id)).size).toBe(REVIEW_PAGE_SIZE + 3);
    expect(ReportListSchema.parse((await review('reports?page=2')).data).minidumps).toHaveLength(3);
    expect((await review('reports?page=0')).status).toBe(400);
    expect((await review('reports?page=x')).status).toBe(400);

    const [gone] = second;
    if (gone === undefined) throw new Error('page 2 has rows');
    expect((await review(`minidumps/${gone.id.toUpperCase()}`, 'DELETE')).status).toBe(204);
    expect((await review(`minidumps/${gone.id}/dump`)).status).toBe(404);
    expect((await review(`minidumps/${gone.id}`, 'DELETE')).status).toBe(404);
    expect(z.array(StoredMinidumpSchema).parse((await review('minidumps?page=2')).data)).toHaveLength(2);
  });

  it('keeps ids in one case: an upper-case report id is refused on upload, and routes in upper case find the stored report', async () => {
    const { bundle } = sampleBundle(await tempDir());
    const shouting = { ...bundle, report: { ...bundle.report, id: bundle.report.id.toUpperCase() } };
    const refused = await uploadCandor(shouting, { url: `${server.url}/api/v1/reports`, ingestKey });
    expect(refused).toMatchObject({ ok: false, failure: { status: 400 } });
    const sent = await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey });
    if (!sent.ok) throw new Error(JSON.stringify(sent.failure.reason));
    const upper = bundle.report.id.toUpperCase();
    expect((await review(`reports/${upper}`)).status).toBe(200);
    const own = await axios.get(`${server.url}/api/v1/reports/${upper}`, {
      headers: { 'deletion-token': sent.receipt.deletionToken ?? '' },
      validateStatus: () => true,
    });
    expect(own.status).toBe(200);
    expect((await review(`reports/${upper}`, 'DELETE')).status).toBe(204);
    expect(await opened.store.get(bundle.report.id)).toBeUndefined();
  });

  it('answers a malformed percent escape in a review URL with 400, not 500', async () => {
    const { bundle } = sampleBundle(await tempDir());
    await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey });
    const response = await review(`reports/${bundle.report.id}/attachments/%E0%A4%A`);
    expect(response.status).toBe(400);
  });
});

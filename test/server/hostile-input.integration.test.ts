import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { multipartBody, type MultipartPart } from '../../main/upload/multipart';
import { issueCredential } from '../../server/credentials';
import { startReportServer, type RunningServer } from '../../server/http-server';
import { describeEachStore, type OpenedStore } from '../helpers/report-stores';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

let opened: OpenedStore;
let server: RunningServer;
let INGEST_KEY: string;

interface HostileRequest {
  name: string;
  body: Buffer;
  headers: Record<string, string>;
}

function firstListed(report: Record<string, unknown>): { sizeBytes: number; sha256: string } {
  const [first] = report.attachments as { sizeBytes: number; sha256: string }[];
  if (first === undefined) throw new Error('the sample report lists no attachment');
  return first;
}

describeEachStore('hostile input', (kind) => {
  beforeEach(async () => {
    opened = await kind.open(await tempDir());
    INGEST_KEY = (await issueCredential(opened.store, 'ingest-key', 'test')).secret;
    // The hundreds of requests below are one client's; the rate limit is not what is tested here.
    server = await startReportServer({ store: opened.store, rateLimitPerMinute: 100_000 });
  });

  afterEach(async () => {
    await server.close();
    await opened.store.close();
  });

  it('answers hundreds of malformed or hostile requests with a 4xx, stays up, and stores nothing partial', async () => {
    const { bundle } = sampleBundle(await tempDir());
    const id = bundle.report.id;
    const attachmentParts = (rename?: (name: string) => string): MultipartPart[] =>
      bundle.attachments.map((attachment) => ({
        name: 'attachment',
        filename: rename === undefined ? attachment.name : rename(attachment.name),
        contentType: 'application/octet-stream',
        bytes: attachment.bytes,
      }));
    const reportPart = (bytes: Buffer): MultipartPart => ({
      name: 'report',
      filename: 'report.json',
      contentType: 'application/json',
      bytes,
    });
    const asRequest = (name: string, parts: MultipartPart[], extra: Record<string, string> = {}): HostileRequest => {
      const { body, contentType } = multipartBody(parts);
      return { name, body, headers: { 'content-type': contentType, ...extra } };
    };
    const withReport = (edit: (report: Record<string, unknown>) => void): Buffer => {
      const report = JSON.parse(bundle.bytes.toString('utf8')) as Record<string, unknown>;
      edit(report);
      return Buffer.from(JSON.stringify(report));
    };
    const good = asRequest('good', [reportPart(bundle.bytes), ...attachmentParts()]);
    const requests: HostileRequest[] = [];

    // Truncated multipart: cut at 150 points spread over the body, all before the closing boundary.
    for (let cut = 0; cut < 150; cut++) {
      const at = Math.floor(((good.body.length - 80) * cut) / 150);
      requests.push({ ...good, name: `truncated at ${at}`, body: good.body.subarray(0, at) });
    }
    // Wrong digests: one byte of an attachment flipped at 60 places.
    const attachment = bundle.attachments[0];
    if (attachment === undefined) throw new Error('the sample bundle has no attachment');
    for (let place = 0; place < 60; place++) {
      const bytes = Buffer.from(attachment.bytes);
      const at = Math.floor((bytes.length * place) / 60);
      bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      const others = attachmentParts().filter((part) => part.filename !== attachment.name);
      requests.push(
        asRequest(`attachment flipped at ${at}`, [
          reportPart(bundle.bytes),
          { name: 'attachment', filename: attachment.name, contentType: 'application/octet-stream', bytes },
          ...others,
        ]),
      );
    }
    // Path-traversal and odd file names, on the attachment part and listed in the report itself.
    const hostileNames = [
      '../../etc/passwd',
      '..\\..\\windows\\system32\\config\\sam',
      '/etc/shadow',
      'C:\\Windows\\win.ini',
      'a/../../b',
      '..',
      '.',
      '',
      'name\u0000.dmp',
      '%2e%2e%2fescape',
      '\u202egpj.exe',
      'x'.repeat(300),
    ];
    for (const hostile of hostileNames) {
      requests.push(asRequest(`part named ${JSON.stringify(hostile)}`, [reportPart(bundle.bytes), ...attachmentParts(() => hostile)]));
      const listed = withReport((report) => {
        const listedAttachments = report.attachments as { name: string }[];
        for (const item of listedAttachments) item.name = hostile;
      });
      requests.push(asRequest(`listed as ${JSON.stringify(hostile)}`, [reportPart(listed), ...attachmentParts(() => hostile)]));
    }
    // Bad JSON and reports that break the schema.
    const brokenJson = ['', '{', '[]', 'null', '"report"', '{"schema":"candor.report/1"', bundle.bytes.toString('utf8').slice(0, -1)];
    for (const text of brokenJson) requests.push(asRequest(`report ${JSON.stringify(text.slice(0, 20))}`, [reportPart(Buffer.from(text))]));
    // Nested deeper than any report, under a member the schema does not know: it could not be shown.
    const deep = Buffer.from(
      bundle.bytes.toString('utf8').replace('"system":{', `"system":{"deep":${'['.repeat(5_000)}${']'.repeat(5_000)},`),
    );
    requests.push(asRequest('nested 5,000 deep', [reportPart(deep), ...attachmentParts()]));
    const schemaBreaks: [string, (report: Record<string, unknown>) => void][] = [
      ['wrong schema', (report) => (report.schema = 'candor.report/2')],
      ['id not a UUID', (report) => (report.id = '../../x')],
      // Stored, it could never be reached by a route in lower case.
      ['id in upper case', (report) => (report.id = String(report.id).toUpperCase())],
      ['no app', (report) => delete report.app],
      ['app name empty', (report) => (report.app = { name: '', version: '1' })],
      ['unknown field', (report) => (report.extra = true)],
      ['attachments not a list', (report) => (report.attachments = 'all')],
      ['negative size', (report) => (firstListed(report).sizeBytes = -1)],
      ['digest not hex', (report) => (firstListed(report).sha256 = 'z'.repeat(64))],
      ['createdAt not a date', (report) => (report.createdAt = 'yesterday')],
      ['system missing', (report) => delete report.system],
    ];
    for (const [name, edit] of schemaBreaks) requests.push(asRequest(name, [reportPart(withReport(edit)), ...attachmentParts()]));
    // Structure: missing, repeated and unlisted parts; an id that is not the report's.
    requests.push(asRequest('no report part', attachmentParts()));
    requests.push(asRequest('two report parts', [reportPart(bundle.bytes), reportPart(bundle.bytes), ...attachmentParts()]));
    requests.push(
      asRequest('an unknown part', [
        reportPart(bundle.bytes),
        ...attachmentParts(),
        { name: 'upload_file_minidump', filename: 'x.dmp', contentType: 'application/octet-stream', bytes: Buffer.from('MDMP') },
      ]),
    );
    requests.push(asRequest('attachment missing', [reportPart(bundle.bytes)]));
    requests.push(asRequest('attachment twice', [reportPart(bundle.bytes), ...attachmentParts(), ...attachmentParts()]));
    requests.push(
      asRequest('unlisted extra attachment', [
        reportPart(bundle.bytes),
        ...attachmentParts(),
        { name: 'attachment', filename: 'extra.txt', contentType: 'text/plain', bytes: Buffer.from('extra') },
      ]),
    );
    requests.push({ ...good, name: 'another id', headers: { ...good.headers, 'idempotency-key': '00000000-0000-4000-8000-000000000000' } });
    requests.push({ ...good, name: 'no boundary', headers: { 'content-type': 'multipart/form-data' } });
    requests.push({ ...good, name: 'not multipart', headers: { 'content-type': 'application/json' } });
    // Size and encoding: an oversized report part, gzip bombs, gzip that is not gzip, unknown encodings.
    const manyListed = withReport((report) => {
      const first = firstListed(report);
      report.attachments = Array.from({ length: 101 }, (_item, index) => ({ ...first, name: `part-${index}.log` }));
    });
    requests.push(asRequest('101 attachments listed', [reportPart(manyListed), ...attachmentParts()]));
    requests.push(asRequest('report part over 4 MiB', [reportPart(Buffer.alloc(5 * 1024 * 1024, 0x20)), ...attachmentParts()]));
    for (const megabytes of [200, 400]) {
      requests.push({
        ...good,
        name: `gzip bomb of ${megabytes} MiB`,
        body: gzipSync(Buffer.alloc(megabytes * 1024 * 1024)),
        headers: { ...good.headers, 'content-encoding': 'gzip' },
      });
    }
    requests.push({ ...good, name: 'gzip header on plain bytes', headers: { ...good.headers, 'content-encoding': 'gzip' } });
    requests.push({
      ...good,
      name: 'truncated gzip',
      body: gzipSync(good.body).subarray(0, 100),
      headers: { ...good.headers, 'content-encoding': 'gzip' },
    });
    requests.push({ ...good, name: 'unknown encoding', headers: { ...good.headers, 'content-encoding': 'br' } });

    expect(requests.length).toBeGreaterThanOrEqual(250);
    const answers: string[] = [];
    const statuses = new Map<string, number>();
    for (const request of requests) {
      const response = await axios.post(`${server.url}/api/v1/reports`, request.body, {
        headers: { authorization: `Bearer ${INGEST_KEY}`, 'idempotency-key': id, ...request.headers },
        validateStatus: () => true,
        maxBodyLength: Infinity,
      });
      if (response.status < 400 || response.status >= 500) answers.push(`${request.name}: ${response.status}`);
      statuses.set(request.name, response.status);
    }
    expect(answers, 'requests not answered with a 4xx').toEqual([]);
    // The stated limits answer 413, not a generic 400.
    for (const name of ['101 attachments listed', 'report part over 4 MiB', 'gzip bomb of 200 MiB'])
      expect(statuses.get(name), name).toBe(413);

    expect(await opened.store.list({ limit: 10, offset: 0 })).toEqual([]);
    expect(await opened.countStoredBytes()).toBe(0);
    // Still up, and the good upload goes through whole.
    const accepted = await axios.post(`${server.url}/api/v1/reports`, good.body, {
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'idempotency-key': id, ...good.headers },
    });
    expect(accepted.status).toBe(201);
    expect((await opened.store.get(id))?.sha256).toBe(bundle.sha256);
    expect(await opened.countStoredBytes()).toBe(1 + bundle.attachments.length);
  }, 120_000);
});

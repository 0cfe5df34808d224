import { readFileSync } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ReportListSchema, ReviewedReportSchema } from '../../../contract/review';
import { sha256Hex } from '../../../main/report/build-report';
import { canonicalJson } from '../../../main/report/canonical-json';
import { ConsentLedger } from '../../../main/privacy/consent';
import { deliver } from '../../../main/upload/deliver';
import { approve } from '../../helpers/approve';
import { issueCredential } from '../../../server/credentials';
import { startReportServer, type RunningServer } from '../../../server/http-server';
import type { ReportStore } from '../../../server/store/report-store';
import { describeEachStore } from '../../helpers/report-stores';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';
import { uploadBody } from '../../helpers/upload-body';
import { fixturePath } from '../../helpers/fixtures';
import { multipartBody } from '../../../main/upload/multipart';

const tempDir = useTempDirs();

let store: ReportStore;
let server: RunningServer;
let ingestKey: string;
let reviewerToken: string;
let clock: Date;

/** Sends a report through the real client as the user approved it, at the server time `receivedAt`. */
async function send(comment: string, version: string, receivedAt: string): Promise<string> {
  const dir = await tempDir();
  const { bundle } = sampleBundle(dir, comment, { name: 'Example Editor', version });
  const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
  const destination = { protocol: 'candor', url: `${server.url}/api/v1/reports`, ingestKey } as const;
  approve(consent, bundle, destination);
  clock = new Date(receivedAt);
  const outcome = await deliver(bundle, destination, consent);
  if (!outcome.ok) throw new Error(`upload failed: ${JSON.stringify(outcome.failure.reason)}`);
  return bundle.report.id;
}

function review(route: string, token: string | null = reviewerToken) {
  return axios.get<unknown>(`${server.url}/api/v1/review/${route}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    validateStatus: () => true,
  });
}

describeEachStore('the review API', (kind) => {
  beforeEach(async () => {
    ({ store } = await kind.open(await tempDir()));
    ingestKey = (await issueCredential(store, 'ingest-key', 'test')).secret;
    reviewerToken = (await issueCredential(store, 'reviewer-token', 'test')).secret;
    server = await startReportServer({ store, now: () => clock });
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  it('lists reports newest first, filtered, and groups them by signature with counts and first and last seen', async () => {
    const first = await send('one', '2.4.1', '2026-11-20T10:00:00.000Z');
    const second = await send('two', '2.4.1', '2026-11-25T10:00:00.000Z');
    const third = await send('three', '2.5.0', '2026-11-28T10:00:00.000Z');
    const all = ReportListSchema.parse((await review('reports')).data);
    expect(all.reports.map((report) => report.id)).toEqual([third, second, first]);
    expect(all.signatures).toEqual([
      expect.objectContaining({
        appName: 'Example Editor',
        count: 3,
        firstSeen: '2026-11-20T10:00:00.000Z',
        lastSeen: '2026-11-28T10:00:00.000Z',
      }),
    ]);
    const signature = all.signatures[0]?.signature ?? '';
    const byVersion = ReportListSchema.parse((await review('reports?version=2.4.1')).data);
    expect(byVersion.reports.map((report) => report.id)).toEqual([second, first]);
    expect(byVersion.signatures[0]?.count).toBe(2);
    const byDays = ReportListSchema.parse((await review('reports?from=2026-11-21&to=2026-11-25')).data);
    expect(byDays.reports.map((report) => report.id)).toEqual([second]);
    const bySignature = ReportListSchema.parse((await review(`reports?signature=${encodeURIComponent(signature)}&os=linux`)).data);
    expect(bySignature.reports).toHaveLength(3);
    expect(ReportListSchema.parse((await review('reports?os=win32')).data).reports).toEqual([]);
    expect(ReportListSchema.parse((await review('reports?app=Other')).data).signatures).toEqual([]);
    expect((await review('reports?from=yesterday')).status).toBe(400);
  });

  it('shows a report as the user saw it: the same bytes and digest, the attachments, the minidump summary', async () => {
    const id = await send('saving a file', '2.4.1', '2026-11-29T10:00:00.000Z');
    const response = await review(`reports/${id}`);
    expect(response.status).toBe(200);
    const reviewed = ReviewedReportSchema.parse(response.data);
    expect(reviewed.bytes).toBe((await store.reportBytes(id))?.toString('utf8'));
    expect(reviewed.sha256).toBe((await store.get(id))?.sha256);
    expect(reviewed.serverRedactions).toEqual([]);
    expect(reviewed.attachments.map((attachment) => attachment.kind).sort()).toEqual(['log', 'minidump']);
    expect(reviewed.attachments.find((attachment) => attachment.kind === 'log')?.text).toContain('opened a file');
    expect(reviewed.minidump?.headline).toBeTruthy();

    const dumpName = reviewed.attachments.find((attachment) => attachment.kind === 'minidump')?.name ?? '';
    const download = await axios.get<ArrayBuffer>(`${server.url}/api/v1/review/reports/${id}/attachments/${dumpName}`, {
      headers: { authorization: `Bearer ${reviewerToken}` },
      responseType: 'arraybuffer',
    });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${dumpName}"`);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(Buffer.from(download.data).equals((await store.attachmentBytes(id, dumpName)) ?? Buffer.alloc(0))).toBe(true);
  });

  it('applies the redaction rules again to what it displays, and leaves the stored bytes as received', async () => {
    // An old or modified client that redacted nothing: the report arrives as it was written.
    const { bundle } = sampleBundle(await tempDir());
    const log = Buffer.from('signed in as bob@example.org from 203.0.113.7\n');
    const attachments = bundle.attachments.map((attachment) =>
      attachment.name.endsWith('.log') ? { ...attachment, bytes: log } : attachment,
    );
    const report = {
      ...bundle.report,
      user: { comment: 'it broke in /home/alice/notes.txt, write to alice@example.com' },
      attachments: bundle.report.attachments.map((meta) =>
        meta.kind === 'log' ? { ...meta, sizeBytes: log.length, sha256: sha256Hex(log) } : meta,
      ),
    };
    const bytes = Buffer.from(canonicalJson(report));
    const { body, contentType } = uploadBody({ bytes, attachments });
    clock = new Date('2026-11-29T10:00:00.000Z');
    const answer = await axios.post(`${server.url}/api/v1/reports`, body, {
      headers: { authorization: `Bearer ${ingestKey}`, 'idempotency-key': report.id, 'content-type': contentType },
    });
    expect(answer.status).toBe(201);
    const reviewed = ReviewedReportSchema.parse((await review(`reports/${report.id}`)).data);
    expect(reviewed.bytes).not.toContain('alice');
    expect(reviewed.report.user.comment).toBe('it broke in /home/<user>/notes.txt, write to <email>');
    expect(reviewed.attachments.find((attachment) => attachment.kind === 'log')?.text).toBe('signed in as <email> from <ip>\n');
    expect(reviewed.serverRedactions).toEqual(
      expect.arrayContaining([
        { kind: 'email', count: 2 },
        { kind: 'ip-address', count: 1 },
      ]),
    );
    expect((await store.reportBytes(report.id))?.equals(bytes)).toBe(true);
    const storedLog = await store.attachmentBytes(report.id, attachments.find((attachment) => attachment.bytes === log)?.name ?? '');
    expect(storedLog?.equals(log)).toBe(true);
  });

  /** Sends report bytes as an old or modified client would, redacted or not, and answers the status. */
  async function sendRaw(
    report: Record<string, unknown>,
    attachments = sampleBundle(path.join(dir, 'raw')).bundle.attachments,
    bytes = Buffer.from(canonicalJson(report)),
  ) {
    const { body, contentType } = uploadBody({ bytes, attachments });
    const answer = await axios.post(`${server.url}/api/v1/reports`, body, {
      headers: { authorization: `Bearer ${ingestKey}`, 'idempotency-key': String(report.id), 'content-type': contentType },
      validateStatus: () => true,
    });
    return { status: answer.status, bytes };
  }
  let dir: string;

  it('shows any report it accepted: a comment the backstop lengthens, members the schema does not know, deep nesting refused at the door', async () => {
    dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    // 10,000 characters of one-letter home folders: the backstop makes each twice as long.
    const comment = '/home/a '.repeat(1_250);
    const lengthened = await sendRaw({ ...bundle.report, user: { comment } }, bundle.attachments);
    expect(lengthened.status).toBe(201);
    const shown = await review(`reports/${bundle.report.id}`);
    expect(shown.status).toBe(200);
    expect(ReviewedReportSchema.parse(shown.data).report.user.comment?.length).toBeGreaterThan(comment.length);

    // A member the schema strips from the parsed report is still in the bytes: the backstop covers it too.
    const other = sampleBundle(path.join(dir, 'other')).bundle;
    const os = other.report.system.probes.os;
    const withUnknown = {
      ...other.report,
      system: {
        ...other.report.system,
        probes: { ...other.report.system.probes, os: { ...os, extra: { nested: [[['mail carol@example.com']]] } } },
      },
    };
    expect((await sendRaw(withUnknown, other.attachments)).status).toBe(201);
    const reviewed = ReviewedReportSchema.parse((await review(`reports/${other.report.id}`)).data);
    expect(reviewed.bytes).toContain('"extra"');
    expect(reviewed.bytes).not.toContain('carol@example.com');
    expect(reviewed.serverRedactions).toContainEqual({ kind: 'email', count: 1 });

    // 5,000 levels under an unknown key: refused, so nothing stored is too deep to show.
    const third = sampleBundle(path.join(dir, 'third')).bundle;
    // Written as text: serialising it would overflow the stack here as well.
    const deepText = canonicalJson({ ...third.report, system: { ...third.report.system, deep: 0 } }).replace(
      '"deep":0',
      `"deep":${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    );
    const refused = await sendRaw(third.report, third.attachments, Buffer.from(deepText));
    expect(refused.status).toBe(400);
    expect(await store.get(third.report.id)).toBeUndefined();
  });

  it('applies the backstop to what a minidump says and to Crashpad form fields', async () => {
    dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const dump = readFileSync(fixturePath('minidumps', 'electron-node-minidump_mac.dmp'));
    const attachments = bundle.attachments.map((attachment) =>
      attachment.name.endsWith('.dmp') ? { ...attachment, bytes: dump } : attachment,
    );
    const report = {
      ...bundle.report,
      attachments: bundle.report.attachments.map((meta) =>
        meta.kind === 'minidump' ? { ...meta, sizeBytes: dump.length, sha256: sha256Hex(dump) } : meta,
      ),
    };
    expect((await sendRaw(report, attachments)).status).toBe(201);
    const reviewed = ReviewedReportSchema.parse((await review(`reports/${report.id}`)).data);
    const modules = JSON.stringify(reviewed.minidump?.modules);
    expect(modules).toContain('/Users/<user>/');
    expect(modules).not.toMatch(/\/Users\/(?!<user>)[^/"]+\//);

    const { body, contentType } = multipartBody([
      { name: 'prod', bytes: Buffer.from('Example Editor') },
      { name: 'email', bytes: Buffer.from('dave@example.com') },
      { name: 'upload_file_minidump', filename: 'crash.dmp', contentType: 'application/octet-stream', bytes: dump },
    ]);
    const uploaded = await axios.post(`${server.url}/api/v1/minidump?key=${ingestKey}`, body, { headers: { 'content-type': contentType } });
    expect(uploaded.status).toBe(200);
    const listed = ReportListSchema.parse((await review('reports')).data).minidumps;
    expect(listed[0]?.fields).toMatchObject({ prod: 'Example Editor', email: '<email>' });
    // The stored fields stay as received.
    expect((await store.listMinidumps({ limit: 1, offset: 0 }))[0]?.fields.email).toBe('dave@example.com');
  });

  it('deletes a report for a reviewer, and refuses every review route without a live reviewer token', async () => {
    const id = await send('to delete', '2.4.1', '2026-11-29T10:00:00.000Z');
    const revoked = await issueCredential(store, 'reviewer-token', 'left the team');
    await store.revokeCredential('reviewer-token', revoked.credential.id, new Date().toISOString());
    for (const route of ['reports', `reports/${id}`, `reports/${id}/attachments/crash.dmp`, 'minidumps']) {
      expect((await review(route, null)).status, route).toBe(401);
      expect((await review(route, revoked.secret)).status, route).toBe(401);
      // An ingest key is not a reviewer token.
      expect((await review(route, ingestKey)).status, route).toBe(401);
    }
    const remove = (token: string) =>
      axios.delete(`${server.url}/api/v1/review/reports/${id}`, {
        headers: { authorization: `Bearer ${token}` },
        validateStatus: () => true,
      });
    expect((await remove(revoked.secret)).status).toBe(401);
    expect((await remove(reviewerToken)).status).toBe(204);
    expect(await store.get(id)).toBeUndefined();
    expect((await review(`reports/${id}`)).status).toBe(404);
    expect((await remove(reviewerToken)).status).toBe(404);
  });
});

import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsentLedger } from '../../../main/privacy/consent';
import { checkDestination, deleteFromServer, uploadBundle } from '../../../main/upload/candor-transport';
import { UploadRefusedError } from '../../../main/upload/upload-errors';
import { ReportReceiver } from '../../helpers/report-receiver';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let receiver: ReportReceiver;
beforeEach(async () => {
  receiver = await new ReportReceiver().start();
});
afterEach(() => receiver.stop());

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('uploadBundle', () => {
  it('sends nothing at all without a consent record for these bytes', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: 'e'.repeat(64), reportId: bundle.report.id, basis: 'asked' });
    await expect(uploadBundle(bundle, { endpoint: receiver.url }, consent)).rejects.toThrow(UploadRefusedError);
    expect(receiver.requests).toEqual([]);
  });

  it('sends the consented bytes exactly, with every attachment the report lists', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    const outcome = await uploadBundle(bundle, { endpoint: receiver.url, ingestKey: 'ingest-key-1' }, consent);

    expect(outcome).toMatchObject({ ok: true, receipt: { id: bundle.report.id, sha256: bundle.sha256, endpoint: receiver.url } });
    const [request] = receiver.requests;
    expect(request?.headers['idempotency-key']).toBe(bundle.report.id);
    expect(request?.headers.authorization).toBe('Bearer ingest-key-1');
    expect(request?.headers['content-encoding']).toBe('gzip');
    const stored = receiver.stored.get(bundle.report.id);
    expect(stored?.report.equals(bundle.bytes)).toBe(true);
    expect(sha256(stored?.report ?? Buffer.alloc(0))).toBe(bundle.sha256);
    expect(stored?.attachments.map((part) => [part.filename, sha256(part.bytes)])).toEqual(
      bundle.report.attachments.map((meta) => [meta.name, meta.sha256]),
    );
  });

  it('treats a receipt for other bytes as an integrity failure that is not retried', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    receiver.queueFaults('wrong-digest');
    expect(await uploadBundle(bundle, { endpoint: receiver.url }, consent)).toMatchObject({
      ok: false,
      failure: { retry: false, integrity: true },
    });
  });

  it('classifies answers: 5xx, 429 and resets are retried later, 409 is final', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    receiver.queueFaults('error-500', 'retry-after', 'reset');
    expect(await uploadBundle(bundle, { endpoint: receiver.url }, consent)).toMatchObject({
      ok: false,
      failure: { retry: true, status: 500 },
    });
    expect(await uploadBundle(bundle, { endpoint: receiver.url }, consent)).toMatchObject({
      ok: false,
      failure: { retry: true, status: 429, retryAfterMs: 1000 },
    });
    expect(await uploadBundle(bundle, { endpoint: receiver.url }, consent)).toMatchObject({ ok: false, failure: { retry: true } });
    const other = sampleBundle(path.join(dir, 'other'), 'a different comment');
    consent.record({ decision: 'send', digest: other.bundle.sha256, reportId: other.bundle.report.id, basis: 'asked' });
    await uploadBundle(other.bundle, { endpoint: receiver.url }, consent);
    // The same id with other bytes is a conflict, not something to retry.
    const clash = { ...bundle, report: { ...bundle.report, id: other.bundle.report.id } };
    expect(await uploadBundle(clash, { endpoint: receiver.url }, consent)).toMatchObject({
      ok: false,
      failure: { retry: false, status: 409 },
    });
  });

  it('gives up on a stalled connection at its time limit, to try again later', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    receiver.queueFaults('stall');
    expect(await uploadBundle(bundle, { endpoint: receiver.url, timeoutMs: 300 }, consent)).toMatchObject({
      ok: false,
      failure: { retry: true },
    });
  });

  it('deletes a stored report with its deletion token', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
    consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    const outcome = await uploadBundle(bundle, { endpoint: receiver.url }, consent);
    if (!outcome.ok) throw new Error('upload failed');
    expect(await deleteFromServer(outcome.receipt)).toEqual({ ok: true, reason: 'deleted' });
    expect(receiver.stored.has(bundle.report.id)).toBe(false);
  });
});

describe('checkDestination', () => {
  it('allows https anywhere and plain http to this machine only', () => {
    expect(checkDestination('https://reports.example.com/api/v1/reports').protocol).toBe('https:');
    expect(checkDestination('http://127.0.0.1:8080/api').hostname).toBe('127.0.0.1');
    expect(checkDestination('http://[::1]:8080/api').hostname).toBe('[::1]');
    expect(() => checkDestination('http://reports.example.com/api')).toThrow(/https/);
    expect(() => checkDestination('ftp://127.0.0.1/')).toThrow(UploadRefusedError);
  });
});

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDestination, deleteFromServer, uploadCandor } from '../../../main/upload/candor-transport';
import { UploadRefusedError } from '../../../main/upload/upload-errors';
import { RECEIVER_INGEST_KEY, ReportReceiver } from '../../helpers/report-receiver';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

// The faults a real candor-server cannot be made to show on demand; the ordinary path against the
// real server is tested in test/server/ and test/e2e/.
const tempDir = useTempDirs();
let receiver: ReportReceiver;
beforeEach(async () => {
  receiver = await new ReportReceiver().start();
});
afterEach(() => receiver.stop());

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('uploadCandor', () => {
  it('sends the bytes exactly, with every attachment the report lists and the ingest key', async () => {
    const { bundle } = sampleBundle(await tempDir());
    const outcome = await uploadCandor(bundle, { url: receiver.url, ingestKey: RECEIVER_INGEST_KEY });

    expect(outcome).toMatchObject({ ok: true, receipt: { id: bundle.report.id, sha256: bundle.sha256, endpoint: receiver.url } });
    const [request] = receiver.requests;
    expect(request?.headers['idempotency-key']).toBe(bundle.report.id);
    expect(request?.headers.authorization).toBe(`Bearer ${RECEIVER_INGEST_KEY}`);
    expect(request?.headers['content-encoding']).toBe('gzip');
    const stored = receiver.stored.get(bundle.report.id);
    expect(stored?.report.equals(bundle.bytes)).toBe(true);
    expect(sha256(stored?.report ?? Buffer.alloc(0))).toBe(bundle.sha256);
    expect(stored?.attachments.map((part) => [part.filename, sha256(part.bytes)])).toEqual(
      bundle.report.attachments.map((meta) => [meta.name, meta.sha256]),
    );
  });

  it('treats a refused key as waiting for a valid destination, not as a failure for good', async () => {
    const { bundle } = sampleBundle(await tempDir());
    expect(await uploadCandor(bundle, { url: receiver.url })).toMatchObject({ ok: false, failure: { kind: 'destination', status: 401 } });
    expect(await uploadCandor(bundle, { url: receiver.url, ingestKey: 'wrong-key-000' })).toMatchObject({
      ok: false,
      failure: { kind: 'destination', status: 401 },
    });
  });

  it('treats a receipt for other bytes as an integrity failure that is not retried', async () => {
    const { bundle } = sampleBundle(await tempDir());
    receiver.queueFaults('wrong-digest');
    expect(await uploadCandor(bundle, { url: receiver.url, ingestKey: RECEIVER_INGEST_KEY })).toMatchObject({
      ok: false,
      failure: { kind: 'final', integrity: true },
    });
  });

  it('classifies answers: 5xx, 429 and resets are retried later, 409 is final', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const target = { url: receiver.url, ingestKey: RECEIVER_INGEST_KEY };
    receiver.queueFaults('error-500', 'retry-after', 'reset');
    expect(await uploadCandor(bundle, target)).toMatchObject({ ok: false, failure: { kind: 'retry', status: 500 } });
    expect(await uploadCandor(bundle, target)).toMatchObject({ ok: false, failure: { kind: 'retry', status: 429, retryAfterMs: 1000 } });
    expect(await uploadCandor(bundle, target)).toMatchObject({ ok: false, failure: { kind: 'retry' } });
    const other = sampleBundle(`${dir}/other`, 'a different comment');
    await uploadCandor(other.bundle, target);
    // The same id with other bytes is a conflict, not something to retry.
    const clash = { ...bundle, report: { ...bundle.report, id: other.bundle.report.id } };
    expect(await uploadCandor(clash, target)).toMatchObject({ ok: false, failure: { kind: 'final', status: 409 } });
  });

  it('gives up on a stalled connection at its time limit, to try again later', async () => {
    const { bundle } = sampleBundle(await tempDir());
    receiver.queueFaults('stall');
    expect(await uploadCandor(bundle, { url: receiver.url, ingestKey: RECEIVER_INGEST_KEY }, 300)).toMatchObject({
      ok: false,
      failure: { kind: 'retry' },
    });
  });

  it('deletes a stored report with its deletion token', async () => {
    const { bundle } = sampleBundle(await tempDir());
    const outcome = await uploadCandor(bundle, { url: receiver.url, ingestKey: RECEIVER_INGEST_KEY });
    if (!outcome.ok) throw new Error('upload failed');
    expect(await deleteFromServer(outcome.receipt)).toEqual({ ok: true, reason: { code: 'server-deleted' } });
    expect(receiver.stored.has(bundle.report.id)).toBe(false);
  });
});

describe('checkDestination', () => {
  it('allows https anywhere and plain http to this machine only', () => {
    expect(checkDestination('https://reports.example.com/api/v1/reports').protocol).toBe('https:');
    expect(checkDestination('http://127.0.0.1:8080/api').hostname).toBe('127.0.0.1');
    expect(checkDestination('http://[::1]:8080/api').hostname).toBe('[::1]');
    expect(() => checkDestination('http://reports.example.com/api')).toThrow(
      expect.objectContaining({ notice: { code: 'url-not-allowed', url: 'http://reports.example.com/api' } }),
    );
    expect(() => checkDestination('ftp://127.0.0.1/')).toThrow(UploadRefusedError);
  });
});

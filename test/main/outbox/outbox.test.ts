import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, OutboxFullError } from '../../../main/outbox/outbox';
import { ConsentLedger } from '../../../main/privacy/consent';
import { uploadBundle } from '../../../main/upload/candor-transport';
import { ReportReceiver } from '../../helpers/report-receiver';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let receiver: ReportReceiver;
beforeEach(async () => {
  receiver = await new ReportReceiver().start();
});
afterEach(() => receiver.stop());

async function setUp(options: ConstructorParameters<typeof Outbox>[1] = {}) {
  const dir = await tempDir();
  const outbox = new Outbox(path.join(dir, 'outbox'), options);
  const consent = new ConsentLedger(path.join(dir, 'consent.jsonl'));
  const approve = (comment: string) => {
    const { bundle } = sampleBundle(path.join(dir, 'bundles'), comment);
    const record = consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
    return { bundle, item: outbox.enqueue(bundle, record, receiver.url) };
  };
  const send = () => outbox.flush((bundle, item) => uploadBundle(bundle, { endpoint: item.state.endpoint, timeoutMs: 300 }, consent));
  return { dir, outbox, consent, approve, send };
}

describe('Outbox', () => {
  it('keeps each approved report in a folder of its own, readable by the user only', async () => {
    const { outbox, approve } = await setUp();
    const { bundle, item } = approve('one');
    expect(readdirSync(item.dir).sort()).toEqual(['attachments', 'consent.json', 'report.json', 'state.json']);
    expect(outbox.bundleOf(item).bytes.equals(bundle.bytes)).toBe(true);
    expect(item.state).toMatchObject({ status: 'queued', attempts: 0, digest: bundle.sha256 });
  });

  it('refuses to queue bytes without a yes for exactly them', async () => {
    const { outbox, consent, dir } = await setUp();
    const { bundle } = sampleBundle(path.join(dir, 'x'));
    const other = consent.record({ decision: 'send', digest: 'c'.repeat(64), reportId: bundle.report.id, basis: 'asked' });
    expect(() => outbox.enqueue(bundle, other, receiver.url)).toThrow(/not a yes for report/);
    expect(outbox.list()).toEqual([]);
  });

  it('cleans up a half-arrived folder and re-queues an interrupted send, losing no complete report', async () => {
    const { outbox, approve } = await setUp();
    const { item } = approve('one');
    mkdirSync(path.join(outbox.folder, '.incoming-abc'));
    writeFileSync(path.join(outbox.folder, '.incoming-abc', 'report.json'), '{"half');
    writeFileSync(path.join(item.dir, 'state.json'), JSON.stringify({ ...item.state, status: 'sending' }));
    outbox.recover();
    expect(readdirSync(outbox.folder)).toEqual([path.basename(item.dir)]);
    expect(outbox.list()[0]?.state.status).toBe('queued');
  });

  it('delivers through resets, 500s, 429 with Retry-After and stalls, each id stored once', async () => {
    const { outbox, approve, send } = await setUp({ retryBaseMs: 10, retryMaxMs: 50 });
    const ids = ['a', 'b', 'c', 'd', 'e'].map((comment) => approve(comment).bundle.report.id);
    receiver.queueFaults('reset', 'error-500', 'retry-after', 'stall', 'reset', 'error-500', 'stall', 'error-500');
    for (let round = 0; round < 200 && outbox.list().some((item) => item.state.status !== 'sent'); round++) {
      await send();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(outbox.list().map((item) => item.state.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect([...receiver.stored.keys()].sort()).toEqual([...ids].sort());
    // Retries carried the same idempotency key: the server saw one digest per id.
    for (const id of ids)
      expect(new Set(receiver.arrivals.filter((arrival) => arrival.id === id).map((arrival) => arrival.digest)).size).toBe(1);
    expect(receiver.requests.length).toBeGreaterThan(ids.length);
    expect(outbox.receipts.read()).toHaveLength(5);
  });

  it('waits between attempts: exponential, jittered, capped, and at least what Retry-After asks', async () => {
    const { outbox, approve, send } = await setUp({ random: () => 1 });
    approve('one');
    receiver.queueFaults('retry-after');
    const [after429] = await send();
    const waited = new Date(after429?.state.nextAttemptAt ?? 0).getTime() - Date.now();
    expect(waited).toBeGreaterThan(4_000);
    expect(outbox.backoffMs(1)).toBe(5_000);
    expect(outbox.backoffMs(3)).toBe(20_000);
    expect(outbox.backoffMs(30)).toBe(60 * 60 * 1000);
    expect(outbox.due()).toEqual([]);
  });

  it('keeps a report the server refused for good, with the reason for the user', async () => {
    const { outbox, approve, send } = await setUp();
    approve('one');
    receiver.queueFaults('wrong-digest');
    await send();
    expect(outbox.list()[0]?.state).toMatchObject({ status: 'failed', lastError: { integrity: true } });
  });

  it('refuses a report past its limits instead of dropping one the user approved', async () => {
    const { outbox, approve } = await setUp();
    for (let index = 0; index < 100; index++) approve(`report ${index}`);
    expect(() => approve('one too many')).toThrow(OutboxFullError);
    expect(outbox.list()).toHaveLength(100);
  });
});

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, OutboxFullError } from '../../../main/outbox/outbox';
import { ConsentLedger } from '../../../main/privacy/consent';
import type { Destination } from '../../../contract/destination';
import { sendDueReports } from '../../../main/upload/deliver';
import { approve as approveBundle } from '../../helpers/approve';
import { RECEIVER_INGEST_KEY, ReportReceiver } from '../../helpers/report-receiver';
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
  const destination: Destination = { protocol: 'candor', url: receiver.url, ingestKey: RECEIVER_INGEST_KEY };
  const approve = (comment: string) => {
    const { bundle } = sampleBundle(path.join(dir, 'bundles'), comment);
    return { bundle, item: outbox.enqueue(bundle, approveBundle(consent, bundle, destination)) };
  };
  const send = (to: Destination | null = destination) => sendDueReports(outbox, consent, to, { timeoutMs: 300 });
  return { dir, outbox, consent, approve, send, destination };
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
    const other = approveBundle(consent, { ...bundle, sha256: 'c'.repeat(64) }, { protocol: 'candor', url: receiver.url });
    expect(() => outbox.enqueue(bundle, other)).toThrow(/not a yes for report/);
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
    expect(outbox.receipts.read().records).toHaveLength(5);
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
    expect(outbox.due('any destination')).toEqual([]);
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

  it('keeps a report whose key the server refused waiting, and sends it once, when the key is corrected', async () => {
    const { outbox, approve, send, destination } = await setUp();
    const { bundle } = approve('one');
    const wrongKey = { ...destination, ingestKey: 'not-the-key-1234' };
    await send(wrongKey);
    expect(outbox.list()[0]?.state).toMatchObject({ status: 'needs-destination', lastError: { status: 401 } });
    // The same wrong key again: nothing is due, nothing goes on the wire.
    const requests = receiver.requests.length;
    expect(await send(wrongKey)).toEqual([]);
    expect(receiver.requests).toHaveLength(requests);
    await send(destination);
    expect(outbox.list()[0]?.state.status).toBe('sent');
    expect(receiver.arrivals.filter((arrival) => arrival.id === bundle.report.id)).toHaveLength(1);
  });

  it('sends nowhere but the destination the user approved, whatever the outbox files say', async () => {
    const { outbox, approve, send, destination } = await setUp();
    const { item } = approve('one');
    const elsewhere = await new ReportReceiver().start();
    try {
      // Editing the state file names another server: it is informational only.
      writeFileSync(
        path.join(item.dir, 'state.json'),
        JSON.stringify({ ...item.state, destination: { protocol: 'candor', url: elsewhere.url } }),
      );
      // The configuration now points elsewhere: the report waits for the user's approval instead.
      await send({ ...destination, url: elsewhere.url });
      expect(outbox.list()[0]?.state).toMatchObject({ status: 'needs-approval' });
      expect(outbox.list()[0]?.state.lastError?.reason).toMatchObject({
        code: 'destination-changed',
        current: `${new URL(elsewhere.url).host} (candor)`,
      });
      expect(elsewhere.requests).toEqual([]);
      await send(destination);
      expect(outbox.list()[0]?.state.status).toBe('sent');
      expect(receiver.stored.size).toBe(1);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
  });

  it('sets a damaged bundle aside with its reason and still sends the rest', async () => {
    const { approve, send } = await setUp();
    const damaged = approve('damaged');
    const intact = approve('intact');
    writeFileSync(path.join(damaged.item.dir, 'report.json'), '{"schema":"candor.report/1"');
    const results = await send();
    const byId = new Map(results.map((item) => [item.state.reportId, item.state]));
    expect(byId.get(damaged.bundle.report.id)?.status).toBe('set-aside');
    expect(byId.get(damaged.bundle.report.id)?.lastError?.reason).toMatchObject({
      code: 'bundle-unreadable',
      detail: expect.stringMatching(/report\.json|JSON/) as unknown,
    });
    expect(byId.get(intact.bundle.report.id)?.status).toBe('sent');
    expect([...receiver.stored.keys()]).toEqual([intact.bundle.report.id]);
  });

  it('puts a failed report back in the queue when the user tries again', async () => {
    const { outbox, approve, send } = await setUp();
    approve('one');
    receiver.queueFaults('wrong-digest');
    await send();
    expect(outbox.list()[0]?.state.status).toBe('failed');
    expect(outbox.retry(outbox.list()[0]?.state.reportId ?? '')).toBe(true);
    await send();
    expect(outbox.list()[0]?.state.status).toBe('sent');
  });
});

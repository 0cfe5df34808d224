import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseEnvelope } from '@sentry/core';
import { describe, expect, it } from 'vitest';
import { afterEach, beforeEach } from 'vitest';
import type { Destination } from '../../../contract/destination';
import { ConsentLedger } from '../../../main/privacy/consent';
import { breakpadFields } from '../../../main/upload/breakpad-transport';
import { deliver } from '../../../main/upload/deliver';
import { issueCredential } from '../../../server/credentials';
import { startReportServer, type RunningServer } from '../../../server/http-server';
import { openReportStore } from '../../../server/store/open-store';
import type { ReportStore } from '../../../server/store/report-store';
import { approve } from '../../helpers/approve';
import { startRecordingServer } from '../../helpers/recording-server';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function bundleFor(destination: Destination, approved = true) {
  const dir = await tempDir();
  const { bundle } = sampleBundle(dir);
  const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
  if (approved) approve(consent, bundle, destination);
  return { bundle, consent };
}

describe("the Breakpad transport, against candor-server's minidump endpoint", () => {
  let store: ReportStore;
  let server: RunningServer;
  let key: string;
  beforeEach(async () => {
    store = await openReportStore({ dataDir: await tempDir(), database: undefined });
    key = (await issueCredential(store, 'ingest-key', 'test')).secret;
    server = await startReportServer({ store });
  });
  afterEach(async () => {
    await server.close();
    await store.close();
  });

  it('delivers the approved minidump and the fields taken from the report, and the server keeps them', async () => {
    const destination: Destination = { protocol: 'breakpad', url: `${server.url}/api/v1/minidump`, ingestKey: key };
    const { bundle, consent } = await bundleFor(destination);
    const outcome = await deliver(bundle, destination, consent);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure.reason));
    const [stored] = await store.listMinidumps({ limit: 10, offset: 0 });
    expect(outcome.receipt).toMatchObject({ id: bundle.report.id, protocol: 'breakpad', serverId: stored?.id, sha256: bundle.sha256 });
    const listed = bundle.report.attachments.find((meta) => meta.kind === 'minidump');
    expect(stored?.sha256).toBe(listed?.sha256);
    expect(sha256((await store.minidumpBytes(stored?.id ?? '')) ?? Buffer.alloc(0))).toBe(listed?.sha256);
    expect(stored?.fields).toEqual(Object.fromEntries(breakpadFields(bundle)));
    expect(stored?.fields).toMatchObject({ prod: 'Example Editor', ver: '2.4.1', candor_sha256: bundle.sha256 });
    expect(stored).toMatchObject({ appName: 'Example Editor', appVersion: '2.4.1' });
  });

  it('waits for a valid destination when the server refuses the key', async () => {
    const destination: Destination = { protocol: 'breakpad', url: `${server.url}/api/v1/minidump`, ingestKey: 'not-a-valid-key' };
    const { bundle, consent } = await bundleFor(destination);
    expect(await deliver(bundle, destination, consent)).toMatchObject({ ok: false, failure: { kind: 'destination', status: 401 } });
    expect(await store.listMinidumps({ limit: 10, offset: 0 })).toEqual([]);
  });

  it('sends nothing without consent', async () => {
    const destination: Destination = { protocol: 'breakpad', url: `${server.url}/api/v1/minidump`, ingestKey: key };
    const { bundle, consent } = await bundleFor(destination, false);
    expect(await deliver(bundle, destination, consent)).toMatchObject({
      ok: false,
      failure: { kind: 'final', reason: { code: 'no-consent' } },
    });
    expect(await store.listMinidumps({ limit: 10, offset: 0 })).toEqual([]);
  });
});

// No Sentry server runs here: a recording receiver, and Sentry's own parser reads what it got.
describe('the Sentry envelope transport', () => {
  it("sends an envelope that Sentry's own parser reads back as exactly the approved content", async () => {
    const server = await startRecordingServer(200, '{}');
    try {
      const dsn = `${server.url.replace('http://', 'http://0123456789abcdef0123456789abcdef@')}/42`;
      const destination: Destination = { protocol: 'sentry', url: dsn };
      const { bundle, consent } = await bundleFor(destination);
      expect(await deliver(bundle, destination, consent)).toMatchObject({ ok: true, receipt: { protocol: 'sentry' } });
      const [request] = server.requests;
      expect(request?.url).toMatch(/^\/api\/42\/envelope\/\?.*sentry_key=0123456789abcdef0123456789abcdef/);
      const [headers, items] = parseEnvelope(new Uint8Array(request?.body ?? []));
      expect(headers.event_id).toBe(bundle.report.id.replace(/-/g, ''));
      const event = items.find(([itemHeaders]) => itemHeaders.type === 'event')?.[1] as Record<string, unknown> | undefined;
      expect(event).toMatchObject({
        release: 'Example Editor@2.4.1',
        tags: { candor_sha256: bundle.sha256, candor_report_id: bundle.report.id },
        exception: { values: [{ type: bundle.report.crash?.error?.name, value: bundle.report.crash?.error?.message }] },
      });
      const attachments = items.filter(([itemHeaders]) => itemHeaders.type === 'attachment');
      const byName = new Map(
        attachments.map(([itemHeaders, payload]) => [(itemHeaders as { filename: string }).filename, { itemHeaders, payload }]),
      );
      expect([...byName.keys()].sort()).toEqual(['crash.dmp', 'editor.log', 'report.json']);
      expect(Buffer.from(byName.get('report.json')?.payload as Uint8Array).equals(bundle.bytes)).toBe(true);
      for (const meta of bundle.report.attachments) expect(sha256(byName.get(meta.name)?.payload as Uint8Array)).toBe(meta.sha256);
      expect(byName.get('crash.dmp')?.itemHeaders).toMatchObject({ attachment_type: 'event.minidump' });
    } finally {
      await server.stop();
    }
  });

  it('sends nothing without consent', async () => {
    const server = await startRecordingServer(200, '{}');
    try {
      const destination: Destination = { protocol: 'sentry', url: `${server.url.replace('http://', 'http://k@')}/1` };
      const { bundle, consent } = await bundleFor(destination, false);
      expect(await deliver(bundle, destination, consent)).toMatchObject({ ok: false, failure: { kind: 'final' } });
      expect(server.requests).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AutomaticSendNotice } from '../../../contract/report-flow';
import { ReportSchema } from '../../../contract/report';
import { ReportListSchema, ReviewedReportSchema } from '../../../contract/review';
import { ConsentLedger } from '../../../main/privacy/consent';
import { startInitialisedServer, type InitialisedServer } from '../../helpers/candor-server-process';
import { fixturePath } from '../../helpers/fixtures';
import { sampleNewCrash } from '../../helpers/sample-crash';
import { createTestServices } from '../../helpers/services';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let server: InitialisedServer;
beforeEach(async () => {
  server = await startInitialisedServer();
});
afterEach(() => server.stop());

async function receivedIds(): Promise<string[]> {
  return ReportListSchema.parse((await server.review('reports')).body).reports.map((report) => report.id);
}

/** The real services over a fresh data folder, sending to the real server; with the events they emit. */
async function setUp() {
  const home = await tempDir();
  const services = createTestServices('http', home, { protocol: 'candor', url: server.endpoint, ingestKey: server.ingestKey });
  const asked: string[] = [];
  const notices: AutomaticSendNotice[] = [];
  services.events.subscribe('onCrashPending', (crash) => asked.push(crash.id));
  services.events.subscribe('onReportSentAutomatically', (notice) => notices.push(notice));
  const dump = path.join(home, 'crash.dmp');
  writeFileSync(dump, readFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp')));
  const crashWithDump = () => services.crashes.record(sampleNewCrash({ kind: 'native', minidump: { path: dump, sizeBytes: 0 } }));
  return { home, services, asked, notices, crashWithDump };
}

describe('remembered choices act on the next crash', () => {
  it('"always send" sends the next crash with no one asked: the sections chosen then, the dump as stacks only, never an email', async () => {
    const { services, asked, notices, crashWithDump } = await setUp();
    const first = crashWithDump();
    expect(asked).toEqual([first.id]);
    const preview = await services.reports.preview({
      crashId: first.id,
      comment: 'saving',
      email: 'me@example.com',
      exclude: ['hardware'],
      minidump: 'full',
    });
    const sent = await services.reports.send(preview.sha256, 'always-this-version');
    expect(sent.status).toBe('sent');

    const second = crashWithDump();
    await services.reports.settled();
    expect(asked).toEqual([first.id]);
    const ids = await receivedIds();
    expect(ids).toHaveLength(2);
    const automaticId = ids.find((id) => id !== first.id && id !== preview.reportId) ?? '';
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ reportId: automaticId, crashId: second.id, status: 'sent', destination: { protocol: 'candor' } });
    const stored = ReviewedReportSchema.parse((await server.review(`reports/${automaticId}`)).body);
    const report = ReportSchema.parse(JSON.parse(stored.bytes));
    expect(report.user.email).toBeUndefined();
    expect(report.user.comment).toBeUndefined();
    expect(report.excluded).toEqual(expect.arrayContaining(['hardware', 'email']));
    expect(report.attachments.find((meta) => meta.kind === 'minidump')?.variant).toBe('stack-only');
    // The consent ledger holds its own yes for these bytes, on the basis of "always send", naming the server.
    expect(services.reports.history().decisions).toContainEqual(
      expect.objectContaining({
        decision: 'send',
        basis: 'always-send',
        digest: stored.sha256,
        destination: { protocol: 'candor', url: server.endpoint },
      }),
    );
    expect(services.crashes.get(second.id)).toMatchObject({ status: 'reported', reportId: automaticId });
  });

  it('"always send" ends with its scope or a new privacy policy, and the dialog asks again', async () => {
    const { home, services, asked } = await setUp();
    services.reports.setConsentMode('always-this-version');
    const otherVersion = services.crashes.record(sampleNewCrash({ app: { name: 'Candor', version: '99.0.0' } }));
    expect(asked).toEqual([otherVersion.id]);
    // The same choice made under an older policy: void now.
    new ConsentLedger(path.join(home, 'consent', 'ledger.jsonl'), () => new Date(), '2020-01-01').record({
      decision: 'always-send',
      scope: { kind: 'until', until: '2999-01-01T00:00:00.000Z' },
      choices: { exclude: [], minidump: 'stack-only' },
    });
    const underOldPolicy = services.crashes.record(sampleNewCrash({ processType: 'gpu' }));
    expect(asked).toEqual([otherVersion.id, underOldPolicy.id]);
    await services.reports.settled();
    expect(await receivedIds()).toEqual([]);
  });

  it('"never ask" keeps the crash on this computer only: nothing is built or sent, and History shows it', async () => {
    const { services, asked } = await setUp();
    expect(services.reports.setConsentMode('never-ask').consentMode).toBe('never-ask');
    const crash = services.crashes.record(sampleNewCrash());
    await services.reports.settled();
    expect(asked).toEqual([]);
    expect(services.crashes.pending()).toEqual([]);
    expect(services.reports.history().crashes).toEqual([expect.objectContaining({ id: crash.id, status: 'not-asked' })]);
    expect(services.reports.history().reports).toEqual([]);
    expect(await receivedIds()).toEqual([]);
    // Changed back in Settings: the next crash asks.
    services.reports.setConsentMode('ask');
    const next = services.crashes.record(sampleNewCrash({ processType: 'gpu' }));
    expect(asked).toEqual([next.id]);
  });

  it('a changed destination asks again: the report waits for approval, and approving sends it there once', async () => {
    const home = await tempDir();
    const services = createTestServices('http', home);
    const crash = services.crashes.record(sampleNewCrash());
    // Approved for a server that cannot be reached; then Settings moves reports to the real one.
    services.reports.setDestination({ protocol: 'candor', url: 'http://127.0.0.1:9/api/v1/reports' });
    const preview = await services.reports.preview({ crashId: crash.id, comment: '', email: '', exclude: [], minidump: 'full' });
    expect(preview.destination).toMatchObject({ host: '127.0.0.1:9', protocol: 'candor', source: 'settings' });
    expect((await services.reports.send(preview.sha256, 'no')).status).toBe('queued');
    services.reports.setDestination({ protocol: 'candor', url: server.endpoint, ingestKey: server.ingestKey });
    await services.reports.retry(preview.reportId);
    expect(services.reports.history().reports).toEqual([expect.objectContaining({ reportId: preview.reportId, state: 'needs-approval' })]);
    expect(await receivedIds()).toEqual([]);
    const history = await services.reports.approveNewDestination(preview.reportId);
    expect(history.reports).toEqual([expect.objectContaining({ reportId: preview.reportId, state: 'sent' })]);
    expect(await receivedIds()).toEqual([preview.reportId]);
    expect(await services.reports.checkServerCopy(preview.reportId)).toMatchObject({ identical: true, serverSha256: preview.sha256 });
  });
});

describe("this computer's facts", () => {
  it('are collected once a session: what "This computer" shows is what the next report carries', async () => {
    const { services, crashWithDump } = await setUp();
    const shown = await services.handlers.collectDiagnostics();
    const crash = crashWithDump();
    const preview = await services.reports.preview({ crashId: crash.id, comment: '', email: '', exclude: [], minidump: 'stack-only' });
    expect(preview.report.system.collectedAt).toBe(shown.collectedAt);
    expect(preview.report.system.probes.os).toEqual(shown.probes.os);
    expect((await services.handlers.collectDiagnostics()).collectedAt).toBe(shown.collectedAt);
  });
});

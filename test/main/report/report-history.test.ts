import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../contract/destination';
import { Outbox } from '../../../main/outbox/outbox';
import { ConsentLedger } from '../../../main/privacy/consent';
import { reportHistory } from '../../../main/report/report-history';
import { destinationFingerprint } from '../../../main/upload/deliver';
import { approve } from '../../helpers/approve';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const destination: Destination = { protocol: 'candor', url: 'https://reports.example.com/api/v1/reports', ingestKey: 'cik_test' };

/** A data folder with a ledger, a real outbox on disk and a reports folder, as the services keep them. */
async function dataFolder() {
  const home = await tempDir();
  let clock = Date.parse('2026-11-30T10:00:00Z');
  // Each record a second later than the one before, so "before" and "after" mean something.
  const now = (): Date => new Date((clock += 1000));
  const consent = new ConsentLedger(path.join(home, 'consent', 'ledger.jsonl'), now);
  const outbox = new Outbox(path.join(home, 'outbox'), { now });
  const reportsDir = path.join(home, 'reports');
  const queue = (comment: string) => {
    const { bundle } = sampleBundle(reportsDir, comment);
    outbox.enqueue(bundle, approve(consent, bundle, destination));
    return bundle.report.id;
  };
  const history = () => reportHistory({ outbox, decisions: consent.history(), reportsDir });
  const stateOf = (reportId: string) => history().find((entry) => entry.reportId === reportId)?.state;
  /** The server takes every due report: the outbox's own flush, with a receipt as candor-server gives one. */
  const serverTakesAll = () =>
    outbox.flush(
      (bundle) =>
        Promise.resolve({
          ok: true as const,
          receipt: {
            id: bundle.report.id,
            sha256: bundle.sha256,
            receivedAt: now().toISOString(),
            endpoint: destination.url,
            protocol: 'candor' as const,
            deletionToken: 'd'.repeat(32),
            retentionDays: 1460,
          },
        }),
      destinationFingerprint(destination),
    );
  return { home, consent, outbox, reportsDir, queue, history, stateOf, serverTakesAll, now };
}

describe('History: each report in the state it is in now, from the files on disk', () => {
  it('names the app, its version and the crash, and says waiting, then sent with its receipt', async () => {
    const { queue, history, stateOf, serverTakesAll } = await dataFolder();
    const id = queue('first');
    expect(history()).toEqual([
      expect.objectContaining({
        reportId: id,
        state: 'waiting',
        app: { name: 'Example Editor', version: '2.4.1' },
        destination: { protocol: 'candor', host: 'reports.example.com' },
        localCopy: true,
      }),
    ]);
    expect(history()[0]?.crash?.kind).toBe('exception');
    await serverTakesAll();
    expect(stateOf(id)).toBe('sent');
    expect(history()[0]?.receipt).toMatchObject({ id, retentionDays: 1460 });
  });

  it('says deleted from the server once the server confirmed it, even after the local copy is gone', async () => {
    const { queue, outbox, reportsDir, stateOf, serverTakesAll, now, history } = await dataFolder();
    const id = queue('to delete');
    await serverTakesAll();
    outbox.serverDeletions.append({ reportId: id, deletedAt: now().toISOString(), reason: { code: 'server-deleted' } });
    expect(stateOf(id)).toBe('deleted-from-server');
    // "Delete from this computer": the outbox's copy and the one in reports/.
    outbox.purge([id]);
    rmSync(path.join(reportsDir, id), { recursive: true });
    expect(history()[0]).toMatchObject({ reportId: id, state: 'deleted-from-server', localCopy: false });
    expect(history()[0]?.deletedAt).toBeDefined();
  });

  it('says withdrawn for a report consent was withdrawn from before it was sent; one deleted here unsent is no longer listed', async () => {
    const { queue, outbox, consent, stateOf, history } = await dataFolder();
    const withdrawnId = queue('withdrawn');
    consent.record({ decision: 'withdraw' });
    outbox.purge();
    expect(stateOf(withdrawnId)).toBe('withdrawn');
    // Approved after the withdrawal, then deleted from this computer by the user: gone from History.
    const deletedId = queue('deleted here');
    outbox.purge([deletedId]);
    expect(history().map((entry) => entry.reportId)).toEqual([withdrawnId]);
  });

  it('says set aside, with the reason, for a report whose files can no longer be read, and never tries it again', async () => {
    const { queue, outbox, stateOf, history, serverTakesAll } = await dataFolder();
    const id = queue('damaged');
    const item = outbox.list()[0];
    if (item === undefined) throw new Error('nothing queued');
    writeFileSync(path.join(item.dir, 'report.json'), '{"damaged":');
    await serverTakesAll();
    expect(stateOf(id)).toBe('set-aside');
    expect(history()[0]?.reason).toMatchObject({ code: 'bundle-unreadable', detail: expect.stringMatching(/report\.json/) as unknown });
    expect(outbox.retry(id)).toBe(false);
    rmSync(item.dir, { recursive: true });
  });
});

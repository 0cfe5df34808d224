import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsentLedger } from '../../../main/privacy/consent';
import { withdrawConsent } from '../../../main/privacy/withdraw';
import { Outbox } from '../../../main/outbox/outbox';
import { approve } from '../../helpers/approve';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('withdrawing consent', () => {
  it('empties the outbox and deletes the local copies of reports never sent, keeping sent ones and anything not a report', async () => {
    const home = await tempDir();
    const reportsDir = path.join(home, 'reports');
    const consent = new ConsentLedger(path.join(home, 'consent', 'ledger.jsonl'));
    const outbox = new Outbox(path.join(home, 'outbox'));
    const sent = sampleBundle(reportsDir, 'sent');
    const queued = sampleBundle(reportsDir, 'queued');
    const kept = sampleBundle(reportsDir, 'kept but never queued');
    const destination = { protocol: 'candor', url: 'http://127.0.0.1:9/api/v1/reports', ingestKey: 'cik_test' } as const;
    outbox.enqueue(queued.bundle, approve(consent, queued.bundle, destination));
    // A receipt for the sent one, from a server that no longer answers: its deletion is asked and fails.
    outbox.receipts.append({
      id: sent.bundle.report.id,
      sha256: sent.bundle.sha256,
      receivedAt: '2026-11-30T10:00:00.000Z',
      endpoint: 'http://127.0.0.1:9/api/v1/reports',
      protocol: 'candor',
      deletionToken: 'a'.repeat(32),
    });
    mkdirSync(path.join(reportsDir, 'notes'));

    const result = await withdrawConsent({ consent, outbox, reportsDir });

    expect(result).toMatchObject({ removedFromOutbox: 1, removedLocalCopies: 2 });
    expect(result.deletions).toEqual([expect.objectContaining({ reportId: sent.bundle.report.id, ok: false })]);
    expect(readdirSync(reportsDir).sort()).toEqual([sent.bundle.report.id, 'notes'].sort());
    expect(existsSync(path.join(reportsDir, queued.bundle.report.id))).toBe(false);
    expect(existsSync(path.join(reportsDir, kept.bundle.report.id))).toBe(false);
    expect(outbox.list()).toEqual([]);
    expect(consent.history().at(-1)).toMatchObject({ decision: 'withdraw' });
  });

  it('is content with no reports folder at all', async () => {
    const home = await tempDir();
    const result = await withdrawConsent({
      consent: new ConsentLedger(path.join(home, 'ledger.jsonl')),
      outbox: new Outbox(path.join(home, 'outbox')),
      reportsDir: path.join(home, 'reports'),
    });
    expect(result).toEqual({ removedFromOutbox: 0, removedLocalCopies: 0, deletions: [] });
  });
});

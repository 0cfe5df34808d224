import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsentLedger } from '../../../main/privacy/consent';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const digest = 'a'.repeat(64);
const otherDigest = 'b'.repeat(64);
const reportId = '0f8fad5b-d9cb-469f-a165-70867728950e';

async function ledger(now = new Date('2026-11-29T09:00:00Z'), policy = '2026-11-01'): Promise<ConsentLedger> {
  return new ConsentLedger(path.join(await tempDir(), 'consent', 'ledger.jsonl'), () => now, policy);
}

describe('ConsentLedger', () => {
  it('binds a yes to the digest on screen, not to whatever the report is later', async () => {
    const consent = await ledger();
    expect(consent.authorize(digest, reportId, '1.0.0')).toBeUndefined();
    consent.record({ decision: 'send', digest, reportId, basis: 'asked' });
    expect(consent.authorize(digest, reportId, '1.0.0')).toMatchObject({ decision: 'send', digest });
    expect(consent.authorize(otherDigest, reportId, '1.0.0')).toBeUndefined();
  });

  it('appends one line per decision and never rewrites earlier ones', async () => {
    const consent = await ledger();
    consent.record({ decision: 'dont-send', digest, reportId });
    const first = readFileSync(consent.file, 'utf8');
    consent.record({ decision: 'send', digest: otherDigest, reportId, basis: 'asked' });
    const second = readFileSync(consent.file, 'utf8');
    expect(second.startsWith(first)).toBe(true);
    expect(second.trim().split('\n')).toHaveLength(2);
    expect(consent.history().map((record) => record.decision)).toEqual(['dont-send', 'send']);
  });

  it('lets "always send" authorise new digests, recording each, within its scope', async () => {
    const consent = await ledger();
    consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion: '1.0.0' } });
    expect(consent.authorize(digest, reportId, '1.0.0')).toMatchObject({ decision: 'send', basis: 'always-send', digest });
    expect(consent.history().filter((record) => record.decision === 'send')).toHaveLength(1);
    expect(consent.authorize(otherDigest, reportId, '1.1.0')).toBeUndefined();
  });

  it('voids "always send" when its days run out or the privacy policy changes', async () => {
    const file = path.join(await tempDir(), 'ledger.jsonl');
    new ConsentLedger(file, () => new Date('2026-11-29T09:00:00Z'), '2026-11-01').record({
      decision: 'always-send',
      scope: { kind: 'until', until: '2026-12-06T09:00:00.000Z' },
    });
    expect(new ConsentLedger(file, () => new Date('2026-12-01T00:00:00Z'), '2026-11-01').mode('1.0.0').mode).toBe('always-send');
    expect(new ConsentLedger(file, () => new Date('2026-12-07T00:00:00Z'), '2026-11-01').mode('1.0.0').mode).toBe('ask');
    expect(new ConsentLedger(file, () => new Date('2026-12-01T00:00:00Z'), '2027-01-01').mode('1.0.0').mode).toBe('ask');
  });

  it('ends "always send" on withdrawal, and honours "never ask"', async () => {
    const consent = await ledger();
    consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion: '1.0.0' } });
    consent.record({ decision: 'withdraw' });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'ask' });
    expect(consent.authorize(digest, reportId, '1.0.0')).toBeUndefined();
    consent.record({ decision: 'never-ask' });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'never-ask' });
  });

  it('ignores a torn last line left by a crash mid-append', async () => {
    const consent = await ledger();
    consent.record({ decision: 'send', digest, reportId, basis: 'asked' });
    appendFileSync(consent.file, '{"decision":"send","dig');
    expect(consent.history()).toHaveLength(1);
    expect(consent.consentFor(digest)).toBeDefined();
  });
});

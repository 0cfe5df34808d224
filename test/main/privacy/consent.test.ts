import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AutomaticChoices } from '../../../contract/consent';
import { ConsentLedger } from '../../../main/privacy/consent';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const digest = 'a'.repeat(64);
const otherDigest = 'b'.repeat(64);
const reportId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const destination = { protocol: 'candor', url: 'https://reports.example.com/api/v1/reports' } as const;
const choices: AutomaticChoices = { exclude: [], minidump: 'stack-only' };

async function ledger(now = new Date('2026-11-29T09:00:00Z'), policy = '2026-11-01'): Promise<ConsentLedger> {
  return new ConsentLedger(path.join(await tempDir(), 'consent', 'ledger.jsonl'), () => now, policy);
}

describe('ConsentLedger', () => {
  it('binds a yes to the digest on screen and the destination named then', async () => {
    const consent = await ledger();
    expect(consent.consentFor(digest)).toBeUndefined();
    consent.record({ decision: 'send', digest, reportId, basis: 'asked', destination });
    expect(consent.consentFor(digest)).toMatchObject({ decision: 'send', digest, destination });
    expect(consent.consentFor(otherDigest)).toBeUndefined();
    // Approved again for another server: the latest yes names where the bytes may go.
    const elsewhere = { protocol: 'candor', url: 'https://other.example.com/api/v1/reports' } as const;
    consent.record({ decision: 'send', digest, reportId, basis: 'asked', destination: elsewhere });
    expect(consent.consentFor(digest)?.destination).toEqual(elsewhere);
  });

  it('appends one line per decision and never rewrites earlier ones', async () => {
    const consent = await ledger();
    consent.record({ decision: 'dont-send', digest, reportId });
    const first = readFileSync(consent.file, 'utf8');
    consent.record({ decision: 'send', digest: otherDigest, reportId, basis: 'asked', destination });
    const second = readFileSync(consent.file, 'utf8');
    expect(second.startsWith(first)).toBe(true);
    expect(second.trim().split('\n')).toHaveLength(2);
    expect(consent.history().map((record) => record.decision)).toEqual(['dont-send', 'send']);
  });

  it('holds "always send" within its scope, with the choices remembered then', async () => {
    const consent = await ledger();
    consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion: '1.0.0' }, choices });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'always-send', scope: { kind: 'app-version', appVersion: '1.0.0' }, choices });
    expect(consent.mode('1.1.0')).toEqual({ mode: 'ask' });
  });

  it('voids "always send" when its days run out or the privacy policy changes', async () => {
    const file = path.join(await tempDir(), 'ledger.jsonl');
    new ConsentLedger(file, () => new Date('2026-11-29T09:00:00Z'), '2026-11-01').record({
      decision: 'always-send',
      scope: { kind: 'until', until: '2026-12-06T09:00:00.000Z' },
      choices,
    });
    expect(new ConsentLedger(file, () => new Date('2026-12-01T00:00:00Z'), '2026-11-01').mode('1.0.0').mode).toBe('always-send');
    expect(new ConsentLedger(file, () => new Date('2026-12-07T00:00:00Z'), '2026-11-01').mode('1.0.0').mode).toBe('ask');
    expect(new ConsentLedger(file, () => new Date('2026-12-01T00:00:00Z'), '2027-01-01').mode('1.0.0').mode).toBe('ask');
  });

  it('ends "always send" on withdrawal or "ask", honours "never ask", and voids earlier yeses on withdrawal', async () => {
    const consent = await ledger();
    consent.record({ decision: 'send', digest, reportId, basis: 'asked', destination });
    consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion: '1.0.0' }, choices });
    consent.record({ decision: 'withdraw' });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'ask' });
    expect(consent.consentFor(digest)).toBeUndefined();
    consent.record({ decision: 'never-ask' });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'never-ask' });
    consent.record({ decision: 'ask' });
    expect(consent.mode('1.0.0')).toEqual({ mode: 'ask' });
  });

  it('reads past a line torn by a crash mid-append, and the next decision starts on a line of its own', async () => {
    const consent = await ledger();
    consent.record({ decision: 'send', digest, reportId, basis: 'asked', destination });
    appendFileSync(consent.file, '{"decision":"send","dig');
    expect(consent.history()).toHaveLength(1);
    expect(consent.unreadableLines()).toBe(1);
    // Before the fix this record was glued to the torn line and lost with it.
    consent.record({ decision: 'withdraw' });
    expect(consent.history().map((record) => record.decision)).toEqual(['send', 'withdraw']);
    expect(consent.consentFor(digest)).toBeUndefined();
    expect(consent.unreadableLines()).toBe(1);
  });
});

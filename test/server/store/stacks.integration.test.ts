import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ReportStore, StackOutcome } from '../../../server/store/report-store';
import { fixturePath } from '../../helpers/fixtures';
import { describeEachStore } from '../../helpers/report-stores';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const DUMP = readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'));

async function storeDump(store: ReportStore, receivedAt: string): Promise<string> {
  const id = randomUUID();
  await store.ingestMinidump(
    {
      id,
      appName: 'Test App',
      appVersion: '1.0',
      osPlatform: 'win32',
      fields: {},
      sha256: createHash('sha256').update(DUMP).digest('hex'),
      sizeBytes: DUMP.length,
      signature: 'EXCEPTION_ACCESS_VIOLATION_WRITE in test_app.exe',
    },
    DUMP,
    receivedAt,
  );
  return id;
}

const walked = (signature: string | null, missing: StackOutcome['missing'] = []): StackOutcome => ({
  status: 'done',
  detail: JSON.stringify({ threads: [], modules: [] }),
  signature,
  missing,
});
const KERNEL32 = { debugFile: 'kernel32.pdb', debugId: 'BCE8785C57B44245A669896B6A19B9542' };
const FILTER = { limit: 10, offset: 0 };

describeEachStore('the queue of stack walks in the store', (kind) => {
  let store: ReportStore;

  beforeEach(async () => {
    ({ store } = await kind.open(await tempDir()));
  });

  afterEach(async () => {
    await store.close();
  });

  it('hands out each unwalked dump once, oldest first, and again only when its claim went stale', async () => {
    const older = await storeDump(store, '2026-11-01T00:00:00.000Z');
    const newer = await storeDump(store, '2026-11-02T00:00:00.000Z');
    expect(await store.claimStackTargets(10, '2026-11-30T10:00:00.000Z', '2026-11-30T09:50:00.000Z')).toEqual([
      { kind: 'minidump', id: older },
      { kind: 'minidump', id: newer },
    ]);
    expect(await store.claimStackTargets(10, '2026-11-30T10:01:00.000Z', '2026-11-30T09:51:00.000Z')).toEqual([]);
    // Ten minutes on, a claim never finished (its server stopped) is handed out again.
    expect(await store.claimStackTargets(1, '2026-11-30T10:11:00.000Z', '2026-11-30T10:01:00.000Z')).toHaveLength(1);
  });

  it('keeps the walk, the symbols it lacked and its signature, which then groups the dump', async () => {
    const id = await storeDump(store, '2026-11-01T00:00:00.000Z');
    await store.claimStackTargets(10, '2026-11-30T10:00:00.000Z', '2026-11-30T09:50:00.000Z');
    expect(await store.stack({ kind: 'minidump', id })).toBeUndefined();
    await store.saveStack({ kind: 'minidump', id }, walked('CrashFunction', [KERNEL32]), '2026-11-30T10:00:01.000Z');
    expect(await store.stack({ kind: 'minidump', id })).toMatchObject({ status: 'done', signature: 'CrashFunction', missing: [KERNEL32] });
    expect((await store.listMinidumps(FILTER))[0]?.signature).toBe('CrashFunction');
    expect((await store.signatures(FILTER)).map((group) => group.signature)).toEqual(['CrashFunction']);
    expect(await store.missingSymbols(10)).toEqual([{ ...KERNEL32, crashes: 1 }]);
    expect(await store.claimStackTargets(10, '2026-11-30T11:00:00.000Z', '2026-11-30T10:50:00.000Z')).toEqual([]);
  });

  it('walks again the dumps that lacked symbols once those arrive, and not the others', async () => {
    const lacking = await storeDump(store, '2026-11-01T00:00:00.000Z');
    const complete = await storeDump(store, '2026-11-02T00:00:00.000Z');
    await store.claimStackTargets(10, '2026-11-30T10:00:00.000Z', '2026-11-30T09:50:00.000Z');
    await store.saveStack({ kind: 'minidump', id: lacking }, walked(null, [KERNEL32]), '2026-11-30T10:00:01.000Z');
    await store.saveStack({ kind: 'minidump', id: complete }, walked('main'), '2026-11-30T10:00:01.000Z');
    expect(await store.requeueStacksMissing({ debugFile: 'other.pdb', debugId: '00' })).toBe(0);
    expect(await store.requeueStacksMissing(KERNEL32)).toBe(1);
    expect(await store.claimStackTargets(10, '2026-11-30T10:05:00.000Z', '2026-11-30T09:55:00.000Z')).toEqual([
      { kind: 'minidump', id: lacking },
    ]);
  });

  it('forgets the walk of a deleted dump, and does not bring one back by saving late', async () => {
    const id = await storeDump(store, '2026-11-01T00:00:00.000Z');
    await store.claimStackTargets(10, '2026-11-30T10:00:00.000Z', '2026-11-30T09:50:00.000Z');
    await store.saveStack({ kind: 'minidump', id }, walked('main', [KERNEL32]), '2026-11-30T10:00:01.000Z');
    expect(await store.deleteMinidump(id)).toBe(true);
    expect(await store.missingSymbols(10)).toEqual([]);
    await store.saveStack({ kind: 'minidump', id }, walked('main', [KERNEL32]), '2026-11-30T10:00:02.000Z');
    expect(await store.stack({ kind: 'minidump', id })).toBeUndefined();
    expect(await store.missingSymbols(10)).toEqual([]);
  });
});

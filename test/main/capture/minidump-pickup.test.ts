import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrashStore } from '../../../main/capture/crash-store';
import { crashpadDumpFolders, MinidumpPickup } from '../../../main/capture/minidump-pickup';
import { fixturePath } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function setUp(): Promise<{ dir: string; dumps: string; store: CrashStore; pickup: () => MinidumpPickup }> {
  const dir = await tempDir();
  const dumps = path.join(dir, 'Crashpad');
  for (const folder of crashpadDumpFolders(dumps, 'linux')) mkdirSync(folder, { recursive: true });
  const store = new CrashStore(path.join(dir, 'crashes'));
  const pickup = (): MinidumpPickup =>
    new MinidumpPickup({
      folders: crashpadDumpFolders(dumps, 'linux'),
      store,
      ledgerFile: path.join(dir, 'taken.json'),
      app: { name: 'Candor', version: '0.1.0' },
      // Looked at a minute after the dumps were written: Crashpad has finished them.
      now: () => Date.now() + 60_000,
    });
  return { dir, dumps, store, pickup };
}

describe('crashpadDumpFolders', () => {
  it('names reports/ on Windows and completed/ elsewhere, and pending/ everywhere', () => {
    expect(crashpadDumpFolders('/d', 'win32')).toEqual([path.join('/d', 'reports'), path.join('/d', 'pending')]);
    expect(crashpadDumpFolders('/d', 'darwin')).toEqual([path.join('/d', 'completed'), path.join('/d', 'pending')]);
  });
});

describe('MinidumpPickup', () => {
  it('records each new dump once as a native crash, with what the dump says', async () => {
    const { dumps, store, pickup } = await setUp();
    copyFileSync(fixturePath('minidumps', 'electron-node-minidump_mac.dmp'), path.join(dumps, 'completed', 'a.dmp'));
    copyFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'), path.join(dumps, 'pending', 'b.dmp'));
    expect(pickup().pickUp()).toHaveLength(2);
    // Remembered across restarts: a new pickup over the same folders takes nothing again.
    expect(pickup().pickUp()).toEqual([]);
    const events = store.list();
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.processType === 'renderer')).toMatchObject({
      kind: 'native',
      signature: 'native renderer: EXC_BAD_INSTRUCTION in Electron Helper',
    });
  });

  it('keeps its own copy, so the dump survives Crashpad pruning its folder', async () => {
    const { dumps, store, pickup } = await setUp();
    copyFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'), path.join(dumps, 'completed', 'x.dmp'));
    pickup().pickUp();
    rmSync(path.join(dumps, 'completed', 'x.dmp'));
    const [event] = store.list();
    expect(event?.minidump?.path.startsWith(store.folder)).toBe(true);
    expect(event?.minidump?.sizeBytes).toBe(11317);
  });

  it('records the same dump once even if the ledger was lost', async () => {
    const { dir, dumps, store, pickup } = await setUp();
    copyFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'), path.join(dumps, 'completed', 'x.dmp'));
    pickup().pickUp();
    rmSync(path.join(dir, 'taken.json'));
    pickup().pickUp();
    expect(store.list()).toHaveLength(1);
  });

  it('keeps a dump it cannot read as a crash of its own', async () => {
    const { dumps, store, pickup } = await setUp();
    copyFileSync(fixturePath('minidumps', 'malformed', 'rust-minidump_invalid-range.dmp'), path.join(dumps, 'completed', 'bad.dmp'));
    pickup().pickUp();
    expect(store.list()).toEqual([expect.objectContaining({ kind: 'native', processType: 'unknown' })]);
  });

  it('joins a dump to the gone-process event it belongs to', async () => {
    const { dumps, store, pickup } = await setUp();
    const gone = store.record({
      kind: 'process-gone',
      processType: 'renderer',
      app: { name: 'Candor', version: '0.1.0' },
      exit: { reason: 'crashed', exitCode: 11 },
    });
    copyFileSync(fixturePath('minidumps', 'electron-node-minidump_mac.dmp'), path.join(dumps, 'completed', 'r.dmp'));
    pickup().pickUp();
    expect(store.list()).toEqual([expect.objectContaining({ id: gone.id, kind: 'process-gone', minidump: expect.anything() as unknown })]);
  });
});

describe('MinidumpPickup with Crashpad as it writes', () => {
  const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('takes a report once though Crashpad moves it from pending/ to completed/', async () => {
    const { dumps, store, pickup } = await setUp();
    const dump = fixturePath('minidumps', 'breakpad_minidump2.dmp');
    copyFileSync(dump, path.join(dumps, 'pending', `${UUID}.dmp`));
    expect(pickup().pickUp()).toHaveLength(1);
    renameSync(path.join(dumps, 'pending', `${UUID}.dmp`), path.join(dumps, 'completed', `${UUID}.dmp`));
    expect(pickup().pickUp()).toEqual([]);
    expect(store.list()).toHaveLength(1);
  });

  it('leaves a dump that is still growing (Windows writes into reports/ directly) and takes it once its size holds', async () => {
    const { dir, store } = await setUp();
    const reports = path.join(dir, 'reports');
    mkdirSync(reports);
    const file = path.join(reports, `${UUID}.dmp`);
    const whole = readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'));
    writeFileSync(file, whole.subarray(0, 4096));
    const pickup = new MinidumpPickup({
      folders: [reports],
      store,
      ledgerFile: path.join(dir, 'taken-win.json'),
      app: { name: 'Candor', version: '0.1.0' },
    });
    // Just written: not taken, and said to be unsettled.
    expect(pickup.pickUp()).toEqual([]);
    expect(pickup.unsettled).toBe(1);
    writeFileSync(file, whole);
    // It grew since last time: still not taken.
    expect(pickup.pickUp()).toEqual([]);
    // Same size as last time: finished.
    expect(pickup.pickUp()).toHaveLength(1);
    expect(pickup.unsettled).toBe(0);
    expect(readFileSync(store.list()[0]?.minidump?.path ?? '').equals(whole)).toBe(true);
  });
});

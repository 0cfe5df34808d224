import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashStore } from '../../../main/capture/crash-store';
import { buildNodeScript } from '../../helpers/build-script';
import { makeTempDir } from '../../helpers/temp-dir';

let dir: string;
let cleanup: () => Promise<void>;
let child: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  child = await buildNodeScript(fileURLToPath(new URL('./children/crashing-child.ts', import.meta.url)), path.join(dir, 'build'));
}, 60_000);
afterAll(() => cleanup());

function runChild(folder: string, mode: string): number | null {
  return spawnSync(process.execPath, [child, folder, mode], { stdio: 'ignore', timeout: 20_000 }).status;
}

describe('main-process crashes, captured in real child processes', () => {
  it('persists an uncaught exception before the process exits', () => {
    const folder = path.join(dir, 'throw');
    expect(runChild(folder, 'throw')).toBe(70);
    const [event, ...others] = new CrashStore(folder).list();
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      kind: 'exception',
      processType: 'main',
      app: { name: 'Crashing Child', version: '1.0.0' },
      error: { name: 'TypeError', message: 'settings.json is not valid' },
      count: 1,
      status: 'pending',
    });
    expect(event?.signature).toMatch(/^TypeError at readSettings \(crashing-child\.mjs\)/);
  });

  it('persists an unhandled rejection with an Error', () => {
    const folder = path.join(dir, 'reject');
    expect(runChild(folder, 'reject')).toBe(0);
    expect(new CrashStore(folder).list()).toEqual([
      expect.objectContaining({
        kind: 'unhandled-rejection',
        error: expect.objectContaining({ name: 'RangeError', message: 'index 7 is out of range' }) as unknown,
      }),
    ]);
  });

  it('persists rejections with values that are not Errors', () => {
    const strings = path.join(dir, 'reject-string');
    runChild(strings, 'reject-string');
    expect(new CrashStore(strings).list()[0]?.error).toEqual({ name: 'NonErrorRejection', message: 'plain string reason' });
    const objects = path.join(dir, 'reject-object');
    runChild(objects, 'reject-object');
    expect(new CrashStore(objects).list()[0]?.error).toEqual({
      name: 'NonErrorRejection',
      message: "{ code: 42, detail: 'not an Error' }",
    });
  });

  it('folds a crash loop into one event with a count', () => {
    const folder = path.join(dir, 'loop');
    for (let run = 0; run < 5; run++) expect(runChild(folder, 'throw')).toBe(70);
    const events = new CrashStore(folder).list();
    expect(events).toHaveLength(1);
    expect(events[0]?.count).toBe(5);
    expect((events[0]?.lastOccurredAt ?? '') >= (events[0]?.occurredAt ?? '')).toBe(true);
  });
});

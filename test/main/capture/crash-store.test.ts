import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASH_LOOP_WINDOW_MS, CrashStore } from '../../../main/capture/crash-store';
import { sampleNewCrash } from '../../helpers/sample-crash';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
async function folder(): Promise<string> {
  return path.join(await tempDir(), 'crashes');
}

describe('CrashStore', () => {
  it('writes each event to its own file, readable by another store on the same folder', async () => {
    const dir = await folder();
    const event = new CrashStore(dir).record(sampleNewCrash());
    expect(readdirSync(dir)).toEqual([`${event.id}.json`]);
    expect(new CrashStore(dir).get(event.id)).toEqual(event);
  });

  it('folds the same signature within the window, and starts anew after it', async () => {
    const dir = await folder();
    let now = new Date('2026-11-29T08:00:00Z');
    const store = new CrashStore(dir, { now: () => now });
    const first = store.record(sampleNewCrash());
    now = new Date(now.getTime() + 60_000);
    const again = store.record(sampleNewCrash());
    expect(again.id).toBe(first.id);
    expect(again.count).toBe(2);
    expect(again.lastOccurredAt).toBe('2026-11-29T08:01:00.000Z');

    now = new Date(now.getTime() + CRASH_LOOP_WINDOW_MS + 1);
    const later = store.record(sampleNewCrash());
    expect(later.id).not.toBe(first.id);
    expect(store.list()).toHaveLength(2);
  });

  it('does not fold different signatures, or into a crash the user already decided on', async () => {
    const dir = await folder();
    const store = new CrashStore(dir);
    const first = store.record(sampleNewCrash());
    store.record(sampleNewCrash({ error: { name: 'RangeError', message: 'x', stack: '    at other (x.js:1:1)' } }));
    expect(store.list()).toHaveLength(2);
    store.setStatus(first.id, 'dismissed');
    expect(store.record(sampleNewCrash()).id).not.toBe(first.id);
  });

  it('skips files that are not complete, valid events instead of trusting them', async () => {
    const dir = await folder();
    const store = new CrashStore(dir);
    const event = store.record(sampleNewCrash());
    writeFileSync(path.join(dir, 'half-written.json'), '{"schema":"candor.crash/1","id":');
    writeFileSync(path.join(dir, `${event.id}.json.123.abcd.tmp`), 'leftover');
    writeFileSync(path.join(dir, 'foreign.json'), JSON.stringify({ hello: 'world' }));
    expect(store.list().map((crash) => crash.id)).toEqual([event.id]);
  });

  it('tells the listener about every recorded event', async () => {
    const seen: number[] = [];
    const store = new CrashStore(await folder(), { onRecorded: (event) => seen.push(event.count) });
    store.record(sampleNewCrash());
    store.record(sampleNewCrash());
    expect(seen).toEqual([1, 2]);
  });
});

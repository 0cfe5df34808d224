import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMinidump } from '../../../main/minidump/read-minidump';
import { stackOnlyMinidump } from '../../../main/minidump/stack-only';
import { frameRows } from '../../../main/minidump/stackwalk/frame-rows';
import { walkMinidump } from '../../../main/minidump/stackwalk/walk-minidump';
import { fixturePath } from '../../helpers/fixtures';

const dumps = readdirSync(fixturePath('minidumps')).filter((name) => name.endsWith('.dmp'));

describe('stackOnlyMinidump', () => {
  it.each(dumps)('%s: a valid, smaller dump with the same threads, stacks and modules', (name) => {
    const original = readFileSync(fixturePath('minidumps', name));
    const before = readMinidump(original);
    const reduced = stackOnlyMinidump(original);
    const after = readMinidump(reduced);

    expect(reduced.length).toBeLessThan(original.length);
    expect(after.system).toEqual(before.system);
    // The contexts move within the file; what matters is that they say the same.
    const { context: contextAfter, ...exceptionAfter } = after.exception ?? {};
    const { context: contextBefore, ...exceptionBefore } = before.exception ?? {};
    expect(exceptionAfter).toEqual(exceptionBefore);
    const contextBytes = (bytes: Buffer, location: typeof contextAfter): Buffer | undefined =>
      location === undefined ? undefined : bytes.subarray(location.rva, location.rva + location.sizeBytes);
    expect(contextBytes(reduced, contextAfter)).toEqual(contextBytes(original, contextBefore));
    // It keeps everything a stack walk reads: the same frames, found the same way.
    const walk = (bytes: Buffer): unknown =>
      walkMinidump(readMinidump(bytes), bytes, () => undefined).threads.map((thread) => frameRows(thread.frames));
    expect(walk(reduced)).toEqual(walk(original));
    expect(after.threads.map((thread) => [thread.id, thread.stack.start, thread.stack.sizeBytes])).toEqual(
      before.threads.map((thread) => [thread.id, thread.stack.start, thread.stack.sizeBytes]),
    );
    for (const [index, thread] of after.threads.entries()) {
      const was = before.threads[index];
      if (was === undefined) throw new Error('thread missing');
      expect(reduced.subarray(thread.stack.rva, thread.stack.rva + thread.stack.sizeBytes)).toEqual(
        original.subarray(was.stack.rva, was.stack.rva + was.stack.sizeBytes),
      );
    }
    expect(after.modules).toEqual(before.modules.map((module) => ({ ...module })));
    // Only stack memory is left; the environment and command line are gone.
    expect(after.memory.reduce((total, region) => total + region.sizeBytes, 0)).toBe(
      after.threads.reduce((total, thread) => total + thread.stack.sizeBytes, 0),
    );
    expect(after.linux?.environment).toBeUndefined();
    expect(after.linux?.commandLine).toBeUndefined();
  });
});

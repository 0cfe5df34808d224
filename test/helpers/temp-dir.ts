import { afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh folder for one test, removed by the returned cleanup. */
export async function makeTempDir(prefix = 'candor-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }) };
}

/**
 * For a test file: returns a function that makes a fresh folder, every one of which is removed
 * after each test.
 */
export function useTempDirs(): () => Promise<string> {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    cleanups = [];
  });
  return async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileDurable, writeFileDurableSync } from '../../../main/storage/durable-write';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const writers = {
  // A throw inside the executor becomes a rejection, so both are tested the same way.
  writeFileDurableSync: (file: string, data: Uint8Array) =>
    new Promise<void>((resolve) => {
      writeFileDurableSync(file, data);
      resolve();
    }),
  writeFileDurable: (file: string, data: Uint8Array) => writeFileDurable(file, data),
};

describe.each(Object.entries(writers))('%s', (_name, write) => {
  it('replaces the file whole, owner-only, and leaves no temporary file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'report.json');
    writeFileSync(file, 'old content');
    const data = Buffer.from('new content '.repeat(1000));
    await write(file, data);
    expect(readFileSync(file)).toEqual(data);
    expect(readdirSync(dir)).toEqual(['report.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('fails with the error when the folder is missing, and writes nothing', async () => {
    const dir = await tempDir();
    await expect(write(path.join(dir, 'missing', 'report.json'), Buffer.from('x'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('removeStaleTemporaries', () => {
  it('removes the temporary files of writers that are gone, and leaves a running writer and other files alone', async () => {
    const dir = await tempDir();
    mkdirSync(path.join(dir, 'nested'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const goneFile = path.join(dir, 'nested', `state.json.${gone}.0a1b2c3d.tmp`);
    const runningFile = path.join(dir, `state.json.${process.pid}.0a1b2c3d.tmp`);
    writeFileSync(goneFile, 'half');
    writeFileSync(runningFile, 'being written');
    writeFileSync(path.join(dir, 'notes.tmp'), 'not ours');
    expect(removeStaleTemporaries(dir)).toBe(1);
    expect(existsSync(goneFile)).toBe(false);
    expect(existsSync(runningFile)).toBe(true);
    expect(existsSync(path.join(dir, 'notes.tmp'))).toBe(true);
  });
});

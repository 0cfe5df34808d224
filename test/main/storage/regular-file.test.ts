import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRefusedError, readMinidumpFile, readRegularFile, readRegularFileTail } from '../../../main/storage/regular-file';
import { fixturePath } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function fifo(): Promise<string> {
  const file = path.join(await tempDir(), 'pipe');
  execFileSync('mkfifo', [file]);
  return file;
}

describe('reading files handed over by other programs', () => {
  it('refuses a FIFO at once instead of waiting for a writer that never comes', async () => {
    const pipe = await fifo();
    await expect(readRegularFile(pipe, 'crash file', 1024)).rejects.toThrow(/crash file .*pipe is not a regular file/);
    await expect(readMinidumpFile(pipe, 1024)).rejects.toThrow(FileRefusedError);
    await expect(readRegularFileTail(pipe, 'log', 1024)).rejects.toThrow(FileRefusedError);
  });

  it('refuses a device such as /dev/zero, which would grow memory without end', async () => {
    await expect(readRegularFile('/dev/zero', 'log', 1024)).rejects.toThrow(/\/dev\/zero is not a regular file/);
    await expect(readRegularFileTail('/dev/zero', 'log', 1024)).rejects.toThrow(FileRefusedError);
  });

  it('checks the size limit before reading anything', async () => {
    const file = path.join(await tempDir(), 'big.json');
    writeFileSync(file, Buffer.alloc(4097));
    await expect(readRegularFile(file, 'crash file', 4096)).rejects.toThrow(/is 4097 bytes; the limit is 4096/);
  });

  it('reads a minidump by its header first: a file that is not one is refused by name', async () => {
    const notADump = path.join(await tempDir(), 'shadow');
    writeFileSync(notADump, 'root:*:19000:0:99999:7:::\n');
    await expect(readMinidumpFile(notADump, 1024 * 1024)).rejects.toThrow(/is not a minidump: it does not start with the MDMP signature/);
    const dump = fixturePath('minidumps', 'breakpad_minidump2.dmp');
    expect((await readMinidumpFile(dump, 1024 * 1024)).equals(readFileSync(dump))).toBe(true);
  });

  it("reads only a log's tail", async () => {
    const file = path.join(await tempDir(), 'app.log');
    writeFileSync(file, `${'old line\n'.repeat(1000)}the last line\n`);
    expect((await readRegularFileTail(file, 'log', 14)).toString()).toBe('the last line\n');
  });
});

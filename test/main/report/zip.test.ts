import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, ZipFileWriter, zipStore } from '../../../main/report/zip';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('zipStore', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it("writes an archive Python's zipfile reads back byte for byte", async () => {
    const file = path.join(await tempDir(), 'bundle.zip');
    const entries = [
      { name: 'manifest.json', bytes: Buffer.from('{"a":1}\n') },
      { name: 'report.json', bytes: Buffer.from('{"schema":"candor.report/1","ü":"✓"}') },
      { name: 'attachments/crash.dmp', bytes: Buffer.from(Array.from({ length: 5000 }, (_unused, index) => index % 251)) },
    ];
    writeFileSync(file, zipStore(entries));
    const listing = execFileSync(
      'python3',
      [
        '-c',
        'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).hex() for n in z.namelist()}))',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(listing)).toEqual(Object.fromEntries(entries.map((entry) => [entry.name, entry.bytes.toString('hex')])));
  });
});

describe('ZipFileWriter', () => {
  it('continues a CRC across pieces as if computed over the whole', () => {
    const whole = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32(whole.subarray(20), crc32(whole.subarray(0, 20)))).toBe(crc32(whole));
  });

  it('writes, a chunk at a time, the very archive zipStore makes of the same files, and only under its name when finished', async () => {
    const dir = await tempDir();
    // Larger than one 1 MiB chunk, so the CRC is carried from chunk to chunk.
    const large = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_unused, index) => (index * 7) % 256));
    writeFileSync(path.join(dir, 'large.bin'), large);
    const file = path.join(dir, 'out.zip');
    const writer = new ZipFileWriter(file);
    expect(writer.addFile('data/large.bin', path.join(dir, 'large.bin')).sizeBytes).toBe(large.length);
    writer.addBytes('export.json', Buffer.from('{}\n'));
    expect(existsSync(file)).toBe(false);
    expect(writer.finish()).toMatchObject({ files: 2 });
    expect(
      readFileSync(file).equals(
        zipStore([
          { name: 'data/large.bin', bytes: large },
          { name: 'export.json', bytes: Buffer.from('{}\n') },
        ]),
      ),
    ).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('leaves nothing behind when abandoned', async () => {
    const file = path.join(await tempDir(), 'out.zip');
    const writer = new ZipFileWriter(file);
    expect(() => writer.addFile('missing', path.join(path.dirname(file), 'missing'))).toThrow(/ENOENT/);
    writer.abandon();
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipStore } from '../../../main/report/zip';
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

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerSymbols, SymbolUploadError } from '../../../server/symbols/server-symbols';
import { readMultipartFile } from '../../../server/symbols/multipart-file';
import { fixturePath } from '../../helpers/fixtures';
import { makeZip } from '../../helpers/zip';

const work = mkdtempSync(path.join(tmpdir(), 'candor-server-symbols-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TEST_APP = fixturePath('stackwalk', 'symbols', 'test_app.pdb', '5A9832E5287241C1838ED98914E9B7FF1', 'test_app.sym');
let counter = 0;

function received(text: string | Buffer): string {
  const file = path.join(work, `upload-${counter++}.sym`);
  writeFileSync(file, text);
  return file;
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SymbolUploadError) return `${error.status} ${error.message}`;
    throw error;
  }
  throw new Error('expected a SymbolUploadError');
}

describe('the server symbol store', () => {
  it('places a symbol file by its MODULE line, as a Breakpad store lays it out, and lists it', async () => {
    const symbols = new ServerSymbols(path.join(work, 'placed'));
    const stored = await symbols.add(received(readFileSync(TEST_APP)), {
      debugFile: 'test_app.pdb',
      debugId: '5a9832e5287241c1838ed98914e9b7ff1',
    });
    expect(stored).toMatchObject({
      debugFile: 'test_app.pdb',
      debugId: '5A9832E5287241C1838ED98914E9B7FF1',
      os: 'windows',
      cpu: 'x86',
      sizeBytes: 818_134,
    });
    expect(
      readFileSync(path.join(symbols.storeDir, 'test_app.pdb', '5A9832E5287241C1838ED98914E9B7FF1', 'test_app.sym')).equals(
        readFileSync(TEST_APP),
      ),
    ).toBe(true);
    expect((await symbols.list()).map((file) => `${file.debugFile}/${file.debugId}`)).toEqual([
      'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1',
    ]);
  });

  it('refuses what is not a symbol file, names that would leave the store, and fields that disagree with the file', async () => {
    const symbols = new ServerSymbols(path.join(work, 'refused'));
    expect(await refusal(() => symbols.add(received('FUNC 1000 10 0 f\n')))).toMatch(/^400 not a Breakpad symbol file/);
    expect(await refusal(() => symbols.add(received('MODULE Linux x86_64 0123ABC ../../etc/passwd\n')))).toMatch(
      /^400 .*is not a file name/,
    );
    expect(await refusal(() => symbols.add(received('MODULE Linux x86_64 0123ABC ..\n')))).toMatch(/^400 .*is not a file name/);
    expect(await refusal(() => symbols.add(received('MODULE Linux x86_64 not-hex app\n')))).toMatch(/^400 .*is not hexadecimal/);
    expect(await refusal(() => symbols.add(received('MODULE Linux x86_64 0123ABC app\n'), { debugFile: 'other' }))).toMatch(
      /^400 debug_file "other"/,
    );
    expect(await refusal(() => symbols.add(received('MODULE Linux x86_64 0123ABC app\n'), { debugId: 'FF' }))).toMatch(
      /^400 debug_identifier "FF"/,
    );
    expect(await symbols.list()).toEqual([]);
  });

  it('takes a zip of a symbol store, deflated or stored, and refuses one with no symbol files', async () => {
    const symbols = new ServerSymbols(path.join(work, 'zipped'));
    const zip = path.join(work, 'store.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym', data: readFileSync(TEST_APP) },
        {
          name: 'libapp.so/0123ABC0/libapp.so.sym',
          data: Buffer.from('MODULE Linux x86_64 0123ABC0 libapp.so\nINFO CODE_ID ABC123 libapp.so\n'),
          store: true,
        },
        { name: 'README.txt', data: Buffer.from('not a symbol file') },
      ]),
    );
    const stored = await symbols.addZip(zip);
    expect(stored.map((file) => file.debugFile)).toEqual(['test_app.pdb', 'libapp.so']);
    expect(stored[1]).toMatchObject({ codeId: 'ABC123', codeFile: 'libapp.so' });
    const empty = path.join(work, 'empty.zip');
    writeFileSync(empty, makeZip([{ name: 'README.txt', data: Buffer.from('x') }]));
    expect(await refusal(() => symbols.addZip(empty))).toBe('400 the zip holds no .sym files');
    const notZip = path.join(work, 'not.zip');
    writeFileSync(notZip, 'plain text');
    expect(await refusal(() => symbols.addZip(notZip))).toMatch(/^400 not a zip file/);
  });
});

describe('a multipart body read from a file', () => {
  it('finds symupload’s fields and its file part, whose bytes may hold CRLF and dashes, across read chunks', async () => {
    const boundary = '----candorBoundary7MA4YWxkTrZu0gW';
    const content = Buffer.concat([
      Buffer.from('MODULE Linux x86_64 0123ABC app\r\n--not-the-boundary\r\n'),
      Buffer.alloc(1024 * 1024 + 5, 0x41),
      Buffer.from('\r\n--'),
    ]);
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="debug_file"\r\n\r\napp\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="symbol_file"; filename="app.sym"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const file = received(body);
    const form = await readMultipartFile(file, boundary);
    expect(form.fields.get('debug_file')).toBe('app');
    const part = form.files[0];
    expect(part?.name).toBe('symbol_file');
    expect(body.subarray(part?.start, part?.end).equals(content)).toBe(true);
  });
});

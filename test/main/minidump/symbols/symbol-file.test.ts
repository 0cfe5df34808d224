import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexSymbolText, MAX_SYMBOL_LINE_CHARS } from '../../../../main/minidump/symbols/symbol-file';
import { Section, type SymbolIndex } from '../../../../main/minidump/symbols/symbol-index';

const SYMBOLS = '../shared/fixtures/stackwalk/symbols';
const TEST_APP = `${SYMBOLS}/test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym`;
const CRASH_CLIENT = `${SYMBOLS}/crash-client/509C0610949836F7B70BD88BCF03E5400/crash-client.sym`;

/** Indexes text fed in pieces of `chunkChars`, so records split across pieces are exercised. */
function indexText(text: string, chunkChars = 65_536): SymbolIndex {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += chunkChars) pieces.push(text.slice(at, at + chunkChars));
  return indexSymbolText(pieces);
}

describe('the Breakpad symbol file reader and its index', () => {
  // The counts and lookups are those rust-minidump's breakpad-symbols asserts for the same file (sym_file/mod.rs).
  const testApp = indexText(readFileSync(TEST_APP, 'utf8'), 4099);

  it('reads test_app.sym: files, publics, functions, and both kinds of STACK WIN', () => {
    expect(testApp.meta.module).toEqual({
      os: 'windows',
      cpu: 'x86',
      debugId: '5A9832E5287241C1838ED98914E9B7FF1',
      debugFile: 'test_app.pdb',
    });
    expect(testApp.count(Section.Files)).toBe(6661);
    expect(testApp.count(Section.Publics)).toBe(5);
    expect(testApp.count(Section.Functions)).toBe(1065);
    expect(testApp.count(Section.WinFrameData)).toBe(1556);
    expect(testApp.count(Section.WinFpo)).toBe(259);
    expect(testApp.meta.skippedLines).toBe(0);
  });

  it('finds the function covering an address, and none past its end', () => {
    expect(testApp.functionAt(0x1000)?.name).toBe('vswprintf');
    expect(testApp.functionAt(0x1012)?.name).toBe('vswprintf');
    expect(testApp.functionAt(0x1013)).toBeUndefined();
    const crash = testApp.functionAt(0x429e);
    expect(crash?.name).toBe("`anonymous namespace'::CrashFunction");
    expect(crash === undefined ? undefined : testApp.lineAt(crash, 0x429e)).toMatchObject({ line: 58, file: 'c:\\test_app.cc' });
  });

  it('finds the nearest PUBLIC at or before an address', () => {
    expect(testApp.nearestPublic(0x9b07)?.name).toBe('_NLG_Return');
    expect(testApp.nearestPublic(0x142e7)?.name).toBe('_NLG_Return');
    expect(testApp.nearestPublic(0x23b06)?.name).toBe('__from_strstr_to_strchr');
    expect(testApp.nearestPublic(0xffffffff)?.name).toBe('__from_strstr_to_strchr');
    expect(testApp.nearestPublic(0x1005)).toBeUndefined();
  });

  it('finds STACK WIN frame data by address', () => {
    expect(testApp.stackWinAt('frame-data', 0x41b0)).toMatchObject({ address: 0x41b0, size: 0x86, savedRegisterSize: 0, localSize: 0xe0 });
    expect(testApp.stackWinAt('frame-data', 0x41b0)?.program).toContain('$eip $T0 4 + ^ =');
  });

  it('reads crash-client.sym: CFI rules accumulate up to the address, inlines by depth', () => {
    const crashClient = indexText(readFileSync(CRASH_CLIENT, 'utf8'));
    expect(crashClient.meta).toMatchObject({ codeId: '509C0610949836F7B70BD88BCF03E540', skippedLines: 0 });
    const fn = crashClient.functionAt(0x14cd4);
    expect(fn?.name).toBe('sadness_generator::raise_segfault');
    expect(fn === undefined ? undefined : crashClient.inlineAt(fn, 0, 0x14cd4)?.name).toBe('core::ptr::write_volatile::<u8>');
    const cfi = crashClient.cfiAt(0xdd0);
    expect(cfi?.rules).toEqual([
      '.cfa: $rbp 16 + $rbp: .cfa -16 + ^ .ra: .cfa -8 + ^ $rbx: .cfa -40 + ^ $r14: .cfa -32 + ^ $r15: .cfa -24 + ^',
    ]);
  });

  it('skips and counts malformed lines, keeps the rest, and reads CRLF files alike', () => {
    const index = indexText(
      [
        'MODULE Linux x86 ffff0000 bar',
        'FILE 53 bar.c',
        'FILE x bad.c',
        'PUBLIC 1234 10 some public',
        'FUNC 1000 30 10 another func',
        '1000 30 7 53',
        '1000 zz 7 53',
        'STACK WIN 9 1000 30 0 0 0 0 0 0 1 $eip',
        'STACK CFI 1000 .cfa: $esp 4 +',
        'garbage',
        'FUNC 2000',
      ].join('\r\n'),
      3,
    );
    expect(index.meta).toMatchObject({ lineCount: 11, skippedLines: 6 });
    const fn = index.functionAt(0x1001);
    expect(fn?.name).toBe('another func');
    expect(fn === undefined ? undefined : index.lineAt(fn, 0x1001)).toEqual({ address: 0x1000, size: 0x30, line: 7, file: 'bar.c' });
    expect(index.nearestPublic(0x1234)?.name).toBe('some public');
  });

  it('skips a line longer than the limit without holding it', () => {
    const long = `FUNC 1000 10 0 ${'x'.repeat(MAX_SYMBOL_LINE_CHARS + 10)}`;
    const index = indexText(`${long}\nFUNC 2000 10 0 kept\n`, 100_000);
    expect(index.meta).toMatchObject({ lineCount: 2, skippedLines: 1 });
    expect(index.functionAt(0x2000)?.name).toBe('kept');
  });
});

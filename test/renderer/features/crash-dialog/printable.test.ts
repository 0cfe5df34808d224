import { describe, expect, it } from 'vitest';
import { printable } from '../../../../renderer/features/crash-dialog/printable';

describe('printable: strings from a crash dump, shown readably', () => {
  it('writes NULs, control and invisible characters as escapes and keeps the rest', () => {
    expect(printable('kevin\0\0/home/kevin')).toBe('kevin\\0\\0/home/kevin');
    expect(printable('a\tb\nc\rd\x07e\x7f')).toBe('a\\tb\\nc\\rd\\x07e\\x7f');
    expect(printable('zero\u200bwidth\ufeff')).toBe('zero\\u200bwidth\\ufeff');
    expect(printable('Jürgen 日本 😀')).toBe('Jürgen 日本 😀');
  });

  it('takes time linear in its input: the output of 4n characters is 4 times that of n', () => {
    const unit = '\0a\u200b';
    expect(printable(unit.repeat(4000)).length).toBe(4 * printable(unit.repeat(1000)).length);
  });
});

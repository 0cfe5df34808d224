import { describe, expect, it } from 'vitest';
import { findEmails, findHomeFolders } from '../../../main/privacy/personal-data-patterns';

/** Each home folder found, as its whole text, its name and whether it is shared. */
function homeFolders(text: string): { folder: string; name: string; shared: boolean }[] {
  return findHomeFolders(text).map(({ start, nameStart, end, shared }) => ({
    folder: text.slice(start, end),
    name: text.slice(nameStart, end),
    shared,
  }));
}

describe('findHomeFolders', () => {
  it('finds Windows home folders in every slash style and Documents and Settings', () => {
    const text =
      'a C:\\Users\\ann\\x b c:/users/bob/x {"p":"C:\\\\Users\\\\Ann Smith\\\\AppData"} file:///C:/Users/Ann%20Lee/x D:\\Documents and Settings\\kim\\y';
    expect(homeFolders(text).map(({ name }) => name)).toEqual(['ann', 'bob', 'Ann Smith', 'Ann%20Lee', 'kim']);
  });

  it('finds UNC home shares and POSIX homes, also under /var and /System/Volumes/Data', () => {
    const text = '\\\\fs01\\home\\jo \\\\fs01\\users$\\li /Users/zoe/x /home/al /var/home/ed /System/Volumes/Data/Users/max/y';
    expect(homeFolders(text).map(({ name }) => name)).toEqual(['jo', 'li', 'zoe', 'al', 'ed', 'max']);
  });

  it('leaves paths that only end in a home-like word, and drive-less Windows paths', () => {
    expect(homeFolders('~/home/x ./home/x a/home/x $HOME/home/x \\Users\\ann XC:\\Users\\ann C:\\Users$\\ann /USERS/ann')).toEqual([]);
  });

  it('takes several words as a name only when a separator or the line end follows', () => {
    expect(homeFolders('C:\\Users\\Ann Smith\\x C:\\Users\\Bob Lee said: hi\nC:\\Users\\Kim Park').map(({ name }) => name)).toEqual([
      'Ann Smith',
      'Bob',
      'Kim Park',
    ]);
  });

  it('says which names are shared profiles, URL-encoded or not', () => {
    expect(homeFolders('C:\\Users\\Public\\x C:/Users/Default%20User/x /home/ann').map(({ shared }) => shared)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('findEmails', () => {
  it('finds ASCII and non-ASCII addresses and stops where the domain would', () => {
    const text = 'to ann@example.com. and zoë@bücher.de, ab@cd.example.éu x@y.c0m';
    expect(findEmails(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      'ann@example.com',
      'zoë@bücher.de',
      'ab@cd.example.éu',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { crashSignature, normaliseFrame, normaliseMessage } from '../../../main/capture/signature';

describe('normaliseFrame', () => {
  it.each([
    ['    at countWords (/home/ann/app/src/editor.js:120:17)', 'countWords (editor.js)'],
    ['    at countWords (C:\\Users\\ann\\app\\editor.js:99:1)', 'countWords (editor.js)'],
    ['    at async loadAll (file:///opt/app/resources/app.asar/main.js:5:10)', 'loadAll (main.js)'],
    ['    at new Editor (webpack:///./src/editor.ts?abc:1:2)', 'new Editor (editor.ts)'],
    ['    at /srv/app/index.js:3:7', '<anonymous> (index.js)'],
    ['    at Array.map (<anonymous>)', 'Array.map (<anonymous>)'],
    ['    at JSON.parse (native)', 'JSON.parse (native)'],
    ['countWords@https://example.test/static/editor.js?v=3:120:17', 'countWords (editor.js)'],
    ['@debugger eval code:1:1', '<anonymous> (debugger eval code)'],
  ])('%s', (line, frame) => {
    expect(normaliseFrame(line)).toBe(frame);
  });

  it('ignores lines that are not frames', () => {
    expect(normaliseFrame("TypeError: Cannot read properties of undefined (reading 'x')")).toBeUndefined();
  });
});

describe('crashSignature', () => {
  const stack = (home: string, line: number): string =>
    `TypeError: boom ${line}\n    at countWords (${home}/editor.js:${line}:17)\n    at onInput (${home}/editor.js:${line + 40}:5)\n    at HTMLElement.dispatch (${home}/dom.js:1:1)\n    at deeper (${home}/deep.js:1:1)`;

  it('is the same for the same bug on two machines, in two builds', () => {
    const ann = crashSignature({ kind: 'exception', processType: 'main', errorName: 'TypeError', stack: stack('/home/ann/app', 120) });
    const bob = crashSignature({
      kind: 'exception',
      processType: 'main',
      errorName: 'TypeError',
      stack: stack('C:\\Users\\bob\\app', 131),
    });
    expect(ann).toBe(bob);
    expect(ann).toBe('TypeError at countWords (editor.js) < onInput (editor.js) < HTMLElement.dispatch (dom.js)');
    expect(ann).not.toMatch(/ann|bob|\d/);
  });

  it('tells different errors and different places apart', () => {
    const base = { kind: 'exception', processType: 'main', stack: '    at a (x.js:1:1)' };
    expect(crashSignature({ ...base, errorName: 'TypeError' })).not.toBe(crashSignature({ ...base, errorName: 'RangeError' }));
    expect(crashSignature({ ...base, errorName: 'TypeError' })).not.toBe(
      crashSignature({ ...base, errorName: 'TypeError', stack: '    at b (x.js:1:1)' }),
    );
  });

  it('falls back to the message without its variable parts when there is no stack', () => {
    expect(
      crashSignature({
        kind: 'unhandled-rejection',
        processType: 'main',
        errorName: 'NonErrorRejection',
        message: "port 8080 busy at 0x7ffe12 for '/home/ann/x'",
      }),
    ).toBe("NonErrorRejection: port N busy at 0x? for '…'");
    expect(normaliseMessage('cannot open /home/ann/secret.txt')).toBe('cannot open <path>');
  });

  it('names gone processes by type and reason, and native crashes by exception and module', () => {
    expect(crashSignature({ kind: 'process-gone', processType: 'gpu', exitReason: 'oom' })).toBe('gpu process gone: oom');
    expect(
      crashSignature({
        kind: 'native',
        processType: 'renderer',
        exceptionName: 'EXCEPTION_ACCESS_VIOLATION',
        module: 'C:\\Users\\ann\\app\\app.exe',
      }),
    ).toBe('native renderer: EXCEPTION_ACCESS_VIOLATION in app.exe');
  });
});

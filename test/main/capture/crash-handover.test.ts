import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashFileArgument, readCrashFile } from '../../../main/capture/crash-file';
import { CrashInbox, takeCrashFile } from '../../../main/capture/crash-inbox';
import { CrashStore } from '../../../main/capture/crash-store';
import { fixturePath } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const crashFile = {
  kind: 'exception',
  app: { name: 'Example Editor', version: '2.4.1' },
  processType: 'main',
  error: {
    name: 'NullReferenceException',
    message: 'Object reference not set',
    stack: '   at Editor.Save() in C:\\src\\Editor.cs:line 42',
  },
  minidump: 'crash.dmp',
};

describe('crash files handed over by other programs', () => {
  it('reads a crash file and resolves its minidump next to it', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'crash.json'), JSON.stringify(crashFile));
    const crash = await readCrashFile(path.join(dir, 'crash.json'));
    expect(crash.minidump).toBe(path.join(dir, 'crash.dmp'));
    expect(crash.kind).toBe('exception');
  });

  it('refuses files that are not crash files, saying why', async () => {
    const dir = await tempDir();
    const write = (name: string, content: string): string => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    await expect(readCrashFile(write('a.json', '{nope'))).rejects.toThrow(/is not JSON/);
    await expect(readCrashFile(write('b.json', JSON.stringify({ kind: 'exception' })))).rejects.toThrow(/app/);
    await expect(readCrashFile(write('c.json', JSON.stringify({ ...crashFile, extra: 1 })))).rejects.toThrow(/extra/);
    await expect(readCrashFile(path.join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
  });

  it('records a handed-over crash with a copy of its minidump', async () => {
    const dir = await tempDir();
    copyFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'), path.join(dir, 'crash.dmp'));
    writeFileSync(path.join(dir, 'crash.json'), JSON.stringify(crashFile));
    const store = new CrashStore(path.join(dir, 'crashes'));
    const event = await takeCrashFile(path.join(dir, 'crash.json'), store);
    expect(event).toMatchObject({ kind: 'exception', processType: 'main', app: crashFile.app, error: crashFile.error });
    expect(event.minidump?.path).toBe(path.join(dir, 'crashes', `${event.id}.dmp`));
    expect(readFileSync(event.minidump?.path ?? '')).toEqual(readFileSync(path.join(dir, 'crash.dmp')));
    // Candor's copy is the user's crash: owner-only.
    expect(statSync(event.minidump?.path ?? '').mode & 0o777).toBe(0o600);
  });

  it('refuses a minidump or log that is not a regular file, or not a minidump, and records nothing', async () => {
    const dir = await tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    writeFileSync(path.join(dir, 'shadow'), 'root:*:19000:0:99999:7:::\n');
    const store = new CrashStore(path.join(dir, 'crashes'));
    const take = (fields: Record<string, string>) => {
      writeFileSync(path.join(dir, 'crash.json'), JSON.stringify({ ...crashFile, minidump: undefined, ...fields }));
      return takeCrashFile(path.join(dir, 'crash.json'), store);
    };
    await expect(take({ minidump: 'pipe' })).rejects.toThrow(/pipe is not a regular file/);
    await expect(take({ minidump: '/dev/zero' })).rejects.toThrow(/\/dev\/zero is not a regular file/);
    await expect(take({ minidump: 'shadow' })).rejects.toThrow(/shadow is not a minidump/);
    await expect(take({ log: 'pipe' })).rejects.toThrow(/log .*pipe is not a regular file/);
    await expect(take({ minidump: 'missing.dmp' })).rejects.toThrow(/cannot read minidump .*missing\.dmp: ENOENT/);
    expect(store.list()).toEqual([]);
    // A crash file that is itself a FIFO is refused too, and at once.
    await expect(readCrashFile(path.join(dir, 'pipe'))).rejects.toThrow(/crash file .*pipe is not a regular file/);
  });

  it('finds --crash-file in either form among the arguments', () => {
    expect(crashFileArgument(['/opt/Candor/candor', '--crash-file', '/tmp/c.json'])).toBe('/tmp/c.json');
    expect(crashFileArgument(['electron', '.', '--crash-file=/tmp/c.json'])).toBe('/tmp/c.json');
    expect(crashFileArgument(['electron', '.'])).toBeUndefined();
  });
});

describe('the inbox folder', () => {
  it('takes each crash file once, and moves what it cannot take aside with the reason', async () => {
    const dir = await tempDir();
    const store = new CrashStore(path.join(dir, 'crashes'));
    const messages: string[] = [];
    const inbox = new CrashInbox(path.join(dir, 'inbox'), store, (message) => messages.push(message));
    writeFileSync(path.join(dir, 'inbox', 'one.json'), JSON.stringify({ ...crashFile, minidump: undefined }));
    writeFileSync(path.join(dir, 'inbox', 'bad.json'), '{');
    await inbox.drain();
    await inbox.drain();
    expect(store.list()).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'inbox')).filter((name) => name.endsWith('.json'))).toEqual([]);
    expect(existsSync(path.join(dir, 'inbox', 'rejected', 'bad.json'))).toBe(true);
    expect(readFileSync(path.join(dir, 'inbox', 'rejected', 'bad.json.reason.txt'), 'utf8')).toContain('is not JSON');
    expect(messages).toHaveLength(1);
  });

  it('notices crash files dropped while it watches', async () => {
    const dir = await tempDir();
    const store = new CrashStore(path.join(dir, 'crashes'));
    const inbox = new CrashInbox(path.join(dir, 'inbox'), store);
    await inbox.start();
    try {
      mkdirSync(path.join(dir, 'outside'));
      // Written elsewhere and moved in, as a careful program does, so the inbox never sees half a file.
      writeFileSync(path.join(dir, 'outside', 'late.json'), JSON.stringify({ ...crashFile, minidump: undefined }));
      copyFileSync(path.join(dir, 'outside', 'late.json'), path.join(dir, 'inbox', 'late.json'));
      for (let attempt = 0; attempt < 100 && store.list().length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(store.list()).toHaveLength(1);
    } finally {
      inbox.stop();
    }
  });
});

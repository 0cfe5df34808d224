import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../../../contract/report';
import { sha256Hex } from '../../../../main/report/build-report';
import { fixturePath } from '../../../helpers/fixtures';
import { runCli } from '../../../helpers/run-cli';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs();

async function crashFile(): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  copyFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp'), path.join(dir, 'crash.dmp'));
  writeFileSync(path.join(dir, 'app.log'), 'opened /home/kevin/notes.txt\n');
  const file = path.join(dir, 'crash.json');
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'exception',
      app: { name: 'Example Editor', version: '2.4.1' },
      error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x\n    at save (/home/kevin/app/editor.js:1:2)' },
      minidump: 'crash.dmp',
      log: 'app.log',
    }),
  );
  return { dir, file };
}

describe('candor report and candor preview', () => {
  it('build a bundle and print its exact bytes and digest, the same both times', async () => {
    const { dir, file } = await crashFile();
    const out = path.join(dir, 'bundle');
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    const report = await runCli(
      ['report', '--crash-file', file, '--comment', 'saving', '--exclude', 'hardware,browsers', '--out', out, '--json'],
      { env },
    );
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const printed = JSON.parse(report.stdout) as { dir: string; sha256: string; size: number; bytes: string };
    const onDisk = readFileSync(path.join(out, 'report.json'));
    expect(printed.dir).toBe(out);
    expect(printed.bytes).toBe(onDisk.toString('utf8'));
    expect(printed.sha256).toBe(sha256Hex(onDisk));
    expect(printed.size).toBe(onDisk.length);
    const parsed = ReportSchema.parse(JSON.parse(printed.bytes));
    expect(parsed.excluded).toEqual(['browsers', 'hardware']);
    expect(parsed.attachments.map((attachment) => attachment.name)).toEqual(['crash.dmp', 'app.log']);
    expect(printed.bytes).not.toContain('/home/kevin');

    const preview = await runCli(['preview', out, '--json']);
    expect(JSON.parse(preview.stdout)).toEqual(printed);
    const readable = await runCli(['preview', out]);
    expect(readable.stdout).toContain(`\n${onDisk.toString('utf8')}\n`);
    expect(readable.stdout).toContain(`SHA-256 ${printed.sha256}`);
    expect(readable.stdout).toContain('Nothing has been sent.');
  });

  it('refuse bad input with exit code 2 and a one-line reason', async () => {
    const { dir, file } = await crashFile();
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    for (const args of [
      ['report'],
      ['report', '--crash-file', path.join(dir, 'missing.json')],
      ['report', '--crash-file', file, '--exclude', 'toaster'],
      ['report', '--crash-file', file, '--email', 'not-an-address'],
      ['preview', dir],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('candor redact', () => {
  it('replaces personal data from standard input to standard output', async () => {
    const result = await runCli(['redact'], { input: 'mail ann@example.com from 203.0.113.9 at C:\\Users\\Ann Smith\\x\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('mail <email> from <ip> at C:\\Users\\<user>\\x\n');
    expect(result.stderr).toContain('removed');
  });

  it('takes a comment of the longest length even when redaction lengthens it, and refuses a longer one in one line', async () => {
    const { dir, file } = await crashFile();
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    // 10,000 characters whose one-letter home folders redaction makes twice as long.
    const comment = '/home/a '.repeat(1_250);
    const built = await runCli(['report', '--crash-file', file, '--comment', comment, '--out', path.join(dir, 'b1'), '--json'], { env });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const { bytes } = JSON.parse(built.stdout) as { bytes: string };
    expect(ReportSchema.parse(JSON.parse(bytes)).user.comment?.length).toBeGreaterThan(comment.length);
    const tooLong = await runCli(['report', '--crash-file', file, '--comment', `${comment}x`, '--out', path.join(dir, 'b2')], { env });
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toBe('candor: --comment is 10001 characters; the limit is 10000\n');
  });
});

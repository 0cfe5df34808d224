import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MinidumpSummarySchema } from '../../../../contract/minidump';
import { fixturePath } from '../../../helpers/fixtures';
import { runCli } from '../../../helpers/run-cli';

describe('candor inspect', () => {
  it('prints the summary of a real dump as JSON', async () => {
    const result = await runCli(['inspect', fixturePath('minidumps', 'electron-node-minidump_mac.dmp'), '--json']);
    expect(result.code).toBe(0);
    const summary = MinidumpSummarySchema.parse(JSON.parse(result.stdout));
    expect(summary).toMatchObject({
      os: { platform: 'macOS', version: '10.11.6' },
      cpu: { arch: 'amd64', count: 4 },
      exception: { code: '0x2', name: 'EXC_BAD_INSTRUCTION' },
      modules: { count: 217 },
      annotations: { process_type: 'renderer', prod: 'Electron', ver: '1.4.3' },
    });
  });

  it('prints a readable summary that names the personal data in the dump', async () => {
    const result = await runCli(['inspect', fixturePath('minidumps', 'electron-node-minidump_linux.dmp')]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('electron crashed with SIGILL on Linux 0.0.0');
    expect(result.stdout).toMatch(/^Raw memory\s+\d/m);
    expect(result.stdout).toContain('user-name in module paths');
    expect(result.stdout).toContain('kevin');
  });

  it.each([
    ['minidumps', 'malformed', 'derived_minidump2_header-only-32-bytes.dmp'],
    ['minidumps', 'malformed', 'rust-minidump_invalid-range.dmp'],
    ['negative', 'breakpad_microdump-x86.txt'],
  ])('rejects %s/%s with exit code 2 and a one-line reason', async (...parts) => {
    const file = fixturePath(...parts);
    expect(readFileSync(file).length).toBeGreaterThan(0);
    const result = await runCli(['inspect', file, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not a minidump|corrupt|truncated/);
  });

  it('refuses a missing file and missing arguments with exit code 2', async () => {
    expect((await runCli(['inspect', '/nonexistent/crash.dmp'])).code).toBe(2);
    expect((await runCli(['inspect'])).stderr).toContain('usage: candor inspect');
  });
});

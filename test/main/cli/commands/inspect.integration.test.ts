import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MinidumpSummarySchema } from '../../../../contract/minidump';
import { StackFrameRowSchema, type StackFrameRow } from '../../../../contract/stackwalk';
import { fixturePath } from '../../../helpers/fixtures';
import { runCli } from '../../../helpers/run-cli';

/** `inspect --json`: the summary, with its thread count and stack size under `threadStacks`, and the walked `threads`. */
function inspectSummary(stdout: string): ReturnType<typeof MinidumpSummarySchema.parse> {
  const output = JSON.parse(stdout) as Record<string, unknown>;
  return MinidumpSummarySchema.parse({ ...output, threads: output.threadStacks });
}

interface ManifestEntry {
  file: string;
  platform?: string;
  os_version?: string;
  cpu_arch?: string;
  cpu_count?: number;
  exception_code?: string;
  module_count?: number;
  first_module?: string;
  crashpad_info?: { simple_annotations: Record<string, string>; module_simple_annotations: Record<string, string> };
}

const manifest = (JSON.parse(readFileSync(fixturePath('minidumps', 'manifest.json'), 'utf8')) as ManifestEntry[]).filter(
  (entry) => !entry.file.includes('malformed'),
);

describe('candor inspect', () => {
  it.each(manifest.map((entry) => [entry.file, entry] as const))('--json on %s matches manifest.json', async (file, entry) => {
    const result = await runCli(['inspect', fixturePath(file), '--json']);
    expect(result.code).toBe(0);
    const summary = inspectSummary(result.stdout);
    expect(summary.os).toMatchObject({ platform: entry.platform, version: entry.os_version });
    expect(summary.cpu).toEqual({ arch: entry.cpu_arch, count: entry.cpu_count });
    expect(summary.exception?.code).toBe(entry.exception_code);
    expect(summary.modules.count).toBe(entry.module_count);
    expect(summary.modules.first).toBe(entry.first_module);
    const annotations = { ...entry.crashpad_info?.module_simple_annotations, ...entry.crashpad_info?.simple_annotations };
    expect(summary.annotations).toMatchObject(annotations);
  });

  it('prints the summary of a real dump as JSON', async () => {
    const result = await runCli(['inspect', fixturePath('minidumps', 'electron-node-minidump_mac.dmp'), '--json']);
    expect(result.code).toBe(0);
    const summary = inspectSummary(result.stdout);
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

  it('refuses a FIFO and a device at once, and a large file that is not a minidump without reading it whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'candor-inspect-'));
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      const pipe = await runCli(['inspect', path.join(dir, 'pipe')]);
      expect(pipe.code).toBe(2);
      expect(pipe.stderr).toContain('is not a regular file');
      expect((await runCli(['inspect', '/dev/zero'])).stderr).toContain('/dev/zero is not a regular file');
      // 60 MiB of zeros: refused by its first four bytes.
      const big = path.join(dir, 'big.dmp');
      writeFileSync(big, Buffer.alloc(60 * 1024 * 1024));
      const result = await runCli(['inspect', big]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not a minidump: it does not start with the MDMP signature');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('with symbols', () => {
    const symbols = fixturePath('stackwalk', 'symbols');
    const pipeline = fixturePath('minidumps', 'rust-minidump_pipeline-inlines-macos-segv.dmp');

    it('prints the crashing thread symbolicated, with inlined calls, and the JSON frames', async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'candor-inspect-'));
      try {
        const text = await runCli(['inspect', pipeline, '--symbols', symbols], { env: { CANDOR_HOME: home } });
        expect(text.code).toBe(0);
        expect(text.stdout).toContain('Signature: core::ptr::write_volatile::<u8>');
        expect(text.stdout).toContain('Thread 4611 (crashed)');
        expect(text.stdout).toContain('  1  crash-client!sadness_generator::raise_segfault [lib.rs : 133]  — the crash context');
        expect(text.stdout).toContain('  4  crash-client!crash_client::main [main.rs : 142]  — call frame info');
        expect(text.stdout).toContain(' 18  libdyld.dylib + 0x15f3c  — call frame info');
        expect(text.stdout).not.toContain('Thread 5379');

        const json = await runCli(['inspect', pipeline, '--symbols', symbols, '--json'], { env: { CANDOR_HOME: home } });
        const output = JSON.parse(json.stdout) as { signature: string; crashingThread: { frames: StackFrameRow[] }; threads: unknown[] };
        expect(output.signature).toBe('core::ptr::write_volatile::<u8>');
        expect(StackFrameRowSchema.array().parse(output.crashingThread.frames).slice(0, 2)).toEqual([
          {
            module: 'crash-client',
            moduleOffset: '0x14cd4',
            function: 'core::ptr::write_volatile::<u8>',
            file: '/rustc/fdca237d5194bf8a1c9b437ebd2114d1c2ba6195/library/core/src/ptr/mod.rs',
            line: 1574,
            trust: 'inline',
          },
          {
            module: 'crash-client',
            moduleOffset: '0x14cd4',
            function: 'sadness_generator::raise_segfault',
            functionOffset: '0x4',
            file: '/Users/ABeingessner/.cargo/git/checkouts/crash-handling-42fc4843e3f89d91/4b757db/sadness-generator/src/lib.rs',
            line: 133,
            trust: 'context',
          },
        ]);
        expect(output.threads).toHaveLength(11);
        // The index was built once and kept.
        const indexes = readdirSync(path.join(home, 'symbol-index'));
        expect(indexes).toHaveLength(1);
        const built = statSync(path.join(home, 'symbol-index', indexes[0] ?? '')).mtimeMs;
        await runCli(['inspect', pipeline, '--symbols', symbols, '--all-threads'], { env: { CANDOR_HOME: home } });
        expect(statSync(path.join(home, 'symbol-index', indexes[0] ?? '')).mtimeMs).toBe(built);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });

    it('prints every thread with --all-threads, and module offsets without symbols', async () => {
      const result = await runCli(['inspect', pipeline, '--all-threads']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Thread 5379');
      expect(result.stdout).toContain('crash-client + 0x14cd4  — the crash context');
    });

    it('refuses a --symbols that is not a folder', async () => {
      const result = await runCli(['inspect', pipeline, '--symbols', pipeline]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('not a folder');
    });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MinidumpSummarySchema } from '../../../contract/minidump';
import { MinidumpError } from '../../../main/minidump/binary-reader';
import { readMinidump } from '../../../main/minidump/read-minidump';
import { summariseMinidump } from '../../../main/minidump/summarise';
import { fixturePath, readFixture } from '../../helpers/fixtures';

interface ManifestEntry {
  file: string;
  platform?: string;
  os_version?: string;
  csd_version?: string;
  cpu_arch?: string;
  cpu_count?: number;
  exception_code?: string;
  exception_thread_id?: number;
  module_count?: number;
  first_module?: string;
  streams?: string[];
  time_date_stamp_utc?: string;
  linux_cmdline?: string;
  linux_environ_selected?: Record<string, string>;
  crashpad_info?: {
    report_id: string;
    client_id: string;
    simple_annotations: Record<string, string>;
    module_simple_annotations: Record<string, string>;
    module_list_annotations: string[];
    module_annotation_objects: Record<string, string>;
  };
}

const manifest = JSON.parse(readFixture('minidumps', 'manifest.json')) as ManifestEntry[];
const validDumps = manifest.filter((entry) => !entry.file.includes('malformed'));
const malformedDumps = manifest.filter((entry) => entry.file.includes('malformed'));

describe('readMinidump on every real dump', () => {
  it('covers the fixture set', () => {
    expect(validDumps.length).toBeGreaterThanOrEqual(12);
    expect(malformedDumps.length).toBeGreaterThanOrEqual(2);
  });

  it.each(validDumps.map((entry) => [entry.file, entry] as const))('%s matches manifest.json', (file, entry) => {
    const bytes = readFileSync(fixturePath(file));
    const dump = readMinidump(bytes);
    const summary = MinidumpSummarySchema.parse(summariseMinidump(dump, bytes));

    expect(summary.os?.platform).toBe(entry.platform);
    expect(summary.os?.version).toBe(entry.os_version);
    expect(summary.os?.build).toBe(entry.csd_version ?? '');
    expect(summary.cpu).toEqual({ arch: entry.cpu_arch, count: entry.cpu_count });
    expect(summary.exception?.code).toBe(entry.exception_code);
    expect(summary.exception?.threadId).toBe(entry.exception_thread_id);
    expect(summary.modules.count).toBe(entry.module_count);
    expect(summary.modules.first).toBe(entry.first_module);
    expect(summary.streams).toEqual(entry.streams);
    expect(summary.writtenAt.replace('.000Z', 'Z')).toBe(entry.time_date_stamp_utc);
    if (entry.linux_cmdline !== undefined) expect(summary.process.commandLine?.join(' ')).toBe(entry.linux_cmdline);
    for (const [name, value] of Object.entries(entry.linux_environ_selected ?? {})) expect(summary.environment?.[name]).toBe(value);

    const crashpad = entry.crashpad_info;
    if (crashpad === undefined) {
      expect(summary.crashpad).toBeUndefined();
    } else {
      expect(summary.crashpad).toEqual({ reportId: crashpad.report_id, clientId: crashpad.client_id });
      expect(dump.crashpad?.simpleAnnotations).toEqual(crashpad.simple_annotations);
      expect(dump.crashpad?.moduleSimpleAnnotations).toEqual(crashpad.module_simple_annotations);
      expect(dump.crashpad?.moduleListAnnotations).toEqual(crashpad.module_list_annotations);
      expect(dump.crashpad?.moduleAnnotationObjects).toEqual(crashpad.module_annotation_objects);
      expect(summary.annotations).toMatchObject({ ...crashpad.module_simple_annotations, ...crashpad.simple_annotations });
    }
  });

  it('names exception codes the way each platform means them', () => {
    const name = (file: string): string | undefined => {
      const bytes = readFileSync(fixturePath('minidumps', file));
      return summariseMinidump(readMinidump(bytes), bytes).exception?.name;
    };
    expect(name('breakpad_minidump2.dmp')).toBe('EXCEPTION_ACCESS_VIOLATION');
    expect(name('breakpad_linux_null_read_av.dmp')).toBe('SIGSEGV');
    expect(name('electron-node-minidump_linux.dmp')).toBe('SIGILL');
    expect(name('rust-minidump_pipeline-inlines-macos-segv.dmp')).toBe('EXC_BAD_ACCESS');
    expect(name('electron-node-minidump_mac.dmp')).toBe('EXC_BAD_INSTRUCTION');
    expect(name('rust-minidump_windows-invalid-parameter-assertion.dmp')).toBe('STATUS_INVALID_PARAMETER');
  });

  it('names annotation objects that are not strings instead of dropping them', () => {
    const bytes = readFileSync(fixturePath('minidumps', 'breakpad_minidump_crashpad_annotation.dmp'));
    expect(summariseMinidump(readMinidump(bytes), bytes).opaqueAnnotations).toEqual(['CounterAnnotation (4 bytes of type 0x802a)']);
  });

  it('counts the raw memory a dump carries and reads module identifiers', () => {
    const bytes = readFileSync(fixturePath('minidumps', 'electron-node-minidump_windows.dmp'));
    const dump = readMinidump(bytes);
    const summary = summariseMinidump(dump, bytes);
    expect(summary.memory.regionCount).toBeGreaterThan(0);
    expect(summary.memory.bytes).toBe(dump.memory.reduce((total, region) => total + region.sizeBytes, 0));
    expect(summary.memory.bytes).toBeLessThan(bytes.length);
    expect(summary.threads.count).toBeGreaterThan(0);
    expect(summary.modules.list[0]).toMatchObject({ path: 'C:\\Users\\kevin\\Downloads\\electron-v1.4.3-win32-x64\\electron.exe' });
    expect(summary.modules.list[0]?.debugId).toMatch(/^[0-9A-F]{33,}$/);
    const linux = readMinidump(readFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp')));
    expect(linux.modules[0]?.codeId).toMatch(/^[0-9a-f]{32,40}$/);
  });
});

describe('what a minidump reveals', () => {
  it('finds the user name and home folder in module paths, the environment and the command line', () => {
    const bytes = readFileSync(fixturePath('minidumps', 'breakpad_linux_null_read_av.dmp'));
    const findings = summariseMinidump(readMinidump(bytes), bytes).personalData;
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'user-name', where: 'module paths', values: ['mattdr'] }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'user-name', where: 'environment', values: ['mattdr'] }));
    expect(findings).toContainEqual(
      expect.objectContaining({ kind: 'home-folder', where: 'environment', values: expect.arrayContaining(['/home/mattdr']) as unknown }),
    );
  });

  it('finds Windows profile folders and the host name of this machine when it appears', () => {
    const bytes = readFileSync(fixturePath('minidumps', 'electron-node-minidump_windows.dmp'));
    const findings = summariseMinidump(readMinidump(bytes), bytes, { hostName: 'electron-v1.4.3-win32-x64' }).personalData;
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'user-name', where: 'module paths', values: ['kevin'] }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'host-name', where: 'module paths' }));
  });

  it('does not take shared or system profiles for people', () => {
    const bytes = readFileSync(fixturePath('minidumps', 'symbolic_crash_linux.dmp'));
    const findings = summariseMinidump(readMinidump(bytes), bytes).personalData;
    expect(findings.filter((finding) => finding.kind === 'user-name')).toEqual([]);
  });
});

describe('files that are not good minidumps', () => {
  it.each(malformedDumps.map((entry) => entry.file))('rejects %s with a clear MinidumpError', (file) => {
    expect(() => readMinidump(readFileSync(fixturePath(file)))).toThrow(MinidumpError);
    expect(() => readMinidump(readFileSync(fixturePath(file)))).toThrow(/corrupt|truncated/);
  });

  it('recognises the Breakpad microdump text as not a minidump', () => {
    expect(() => readMinidump(readFileSync(fixturePath('negative', 'breakpad_microdump-x86.txt')))).toThrow(/not a minidump/);
  });

  it('rejects empty and tiny files', () => {
    expect(() => readMinidump(Buffer.alloc(0))).toThrow(/not a minidump/);
    expect(() => readMinidump(Buffer.from('MDMP'))).toThrow(/truncated minidump/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnosticsSnapshot } from '../../../contract/diagnostics';
import { reportSections, ReportSchema, type ReportSection } from '../../../contract/report';
import { formatPreview } from '../../../main/cli/commands/report';
import { readMinidump } from '../../../main/minidump/read-minidump';
import { buildReport, sha256Hex, type ReportInput } from '../../../main/report/build-report';
import { canonicalJson } from '../../../main/report/canonical-json';
import { BundleError, readBundle, writeBundle } from '../../../main/report/bundle';
import { fixturePath } from '../../helpers/fixtures';
import { randomInt, seededRandom } from '../../helpers/random';
import { sampleCrashEvent } from '../../helpers/sample-crash';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const diagnostics: DiagnosticsSnapshot = {
  schema: 'candor.diagnostics/1',
  collectedAt: '2026-11-29T08:00:00.000Z',
  durationMs: 120,
  probes: {
    os: {
      status: 'ok',
      durationMs: 3,
      data: { platform: 'linux', name: 'Debian 12', release: '12', build: '#1 SMP', kernel: '6.1.0', arch: 'x64', locale: 'en-GB' },
    },
    hardware: {
      status: 'ok',
      durationMs: 5,
      data: {
        cpu: { brand: 'Xeon', manufacturer: 'Intel', cores: 2, physicalCores: 2, speedGHz: 2.1 },
        memory: { totalBytes: 8_000_000_000 },
        gpus: [],
        system: { manufacturer: 'QEMU', model: 'Standard PC', virtual: true },
      },
    },
    browsers: { status: 'ok', durationMs: 40, data: { installed: [{ name: 'Firefox ESR', version: '115.6.0esr', isDefault: true }] } },
    dotnet: {
      status: 'ok',
      durationMs: 9,
      data: { framework: [], runtimes: [{ name: 'Microsoft.NETCore.App', version: '8.0.1', root: '/home/ann/.dotnet' }], sdks: [] },
    },
    app: { status: 'timeout', durationMs: 1000, reason: 'no answer within 1000 ms' },
  },
};

const minidump = readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'));

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    now: new Date('2026-11-29T09:00:00Z'),
    app: { name: 'Example Editor', version: '2.4.1' },
    crash: sampleCrashEvent({
      error: { name: 'TypeError', message: 'cannot open /home/ann/notes.txt', stack: 'TypeError\n    at save (/home/ann/app.js:1:1)' },
    }),
    diagnostics,
    comment: 'It crashed when I saved. Write to ann@example.com',
    email: 'ann.typed@example.com',
    log: { name: 'editor.log', text: 'opened /home/ann/notes.txt from 203.0.113.9\n' },
    minidump: { name: 'crash.dmp', bytes: minidump },
    exclude: [],
    privacyPolicyVersion: '2026-11-01',
    ...overrides,
  };
}

describe('buildReport', () => {
  it('builds a valid candor.report/1 whose digest is that of its canonical bytes', () => {
    const built = buildReport(input());
    expect(ReportSchema.parse(JSON.parse(built.bytes.toString('utf8')))).toEqual(built.report);
    expect(built.bytes.toString('utf8')).toBe(canonicalJson(built.report));
    expect(built.sha256).toBe(sha256Hex(built.bytes));
    expect(built.bytes.toString('utf8')).not.toMatch(/\n|": /);
  });

  it('redacts every free-text field and the log, but keeps the address typed on purpose', () => {
    const built = buildReport(input());
    const text = built.bytes.toString('utf8');
    expect(text).not.toContain('/home/ann');
    expect(text).not.toContain('ann@example.com');
    expect(built.report.user.email).toBe('ann.typed@example.com');
    const log = built.attachments.find((attachment) => attachment.meta.kind === 'log');
    expect(Buffer.from(log?.bytes ?? []).toString('utf8')).toBe('opened /home/<user>/notes.txt from <ip>\n');
    expect(built.report.redactions).toEqual(
      expect.arrayContaining([
        { kind: 'email', count: 1 },
        { kind: 'ip-address', count: 1 },
      ]),
    );
  });

  it('lists each attachment with the size and SHA-256 of the very bytes it carries', () => {
    const built = buildReport(input());
    for (const attachment of built.attachments) {
      expect(attachment.meta.sizeBytes).toBe(attachment.bytes.length);
      expect(attachment.meta.sha256).toBe(sha256Hex(attachment.bytes));
    }
    expect(built.attachments.find((attachment) => attachment.meta.kind === 'minidump')?.meta.sha256).toBe(sha256Hex(minidump));
  });

  it('leaves out each section the user switched off, and every switch changes the bytes and the digest', () => {
    const all = buildReport(input());
    for (const section of reportSections) {
      const without = buildReport(input({ exclude: [section] }));
      expect(without.sha256, section).not.toBe(all.sha256);
      expect(without.report.excluded).toEqual([section]);
    }
    const none = buildReport(input({ exclude: [...reportSections] }));
    expect(Object.keys(none.report.system.probes).sort()).toEqual(['app', 'os']);
    expect(none.report.attachments).toEqual([]);
    expect(none.report.user.email).toBeUndefined();
  });

  it('sends the minidump reduced to stacks and modules when the user chooses stack-only', () => {
    const full = buildReport(input());
    const reduced = buildReport(input({ minidumpVariant: 'stack-only' }));
    const dump = reduced.attachments.find((attachment) => attachment.meta.kind === 'minidump');
    expect(dump?.meta.variant).toBe('stack-only');
    expect(dump?.meta.sizeBytes).toBeLessThan(minidump.length);
    expect(readMinidump(Buffer.from(dump?.bytes ?? [])).modules).toHaveLength(readMinidump(minidump).modules.length);
    expect(reduced.sha256).not.toBe(full.sha256);
  });
});

describe('bundles on disk', () => {
  it('keeps the exact bytes, and refuses an attachment that changed', async () => {
    const dir = path.join(await tempDir(), 'bundle');
    const built = buildReport(input());
    writeBundle(dir, built);
    const bundle = readBundle(dir);
    expect(bundle.bytes.equals(built.bytes)).toBe(true);
    expect(bundle.sha256).toBe(built.sha256);
    writeFileSync(path.join(dir, 'attachments', 'editor.log'), 'tampered\n');
    expect(() => readBundle(dir)).toThrow(BundleError);
    expect(() => readBundle(dir)).toThrow(/editor\.log does not match/);
  });

  it('refuses a folder that is not a bundle, and a report.json that is not a report', async () => {
    const dir = await tempDir();
    expect(() => readBundle(dir)).toThrow(/no readable report\.json/);
    writeFileSync(path.join(dir, 'report.json'), '{"schema":"candor.report/1"}');
    expect(() => readBundle(dir)).toThrow(/is not a candor.report\/1 report/);
  });
});

describe('what is shown is what is sent (property)', () => {
  it('for random reports and random choices, the written bytes, the preview and the digest agree', async () => {
    const random = seededRandom(424242);
    const words = ['save', 'crash', '/home/bob/x', 'bob@example.org', '10.0.0.7', 'Ünïcode ✓', '"quoted"', '\\back\\slash', 'emoji 🎉', ''];
    const pick = (): string => Array.from({ length: randomInt(random, 5) }, () => words[randomInt(random, words.length)] ?? '').join(' ');
    const root = await tempDir();
    for (let round = 0; round < 60; round++) {
      const exclude: ReportSection[] = reportSections.filter(() => random() < 0.4);
      const built = buildReport(
        input({
          id: undefined,
          comment: pick(),
          email: random() < 0.5 ? `user${round}@example.com` : undefined,
          log: random() < 0.7 ? { name: `log-${round}.txt`, text: pick() } : undefined,
          minidump: random() < 0.5 ? { name: 'crash.dmp', bytes: minidump } : undefined,
          minidumpVariant: random() < 0.5 ? 'full' : 'stack-only',
          exclude,
        }),
      );
      const dir = path.join(root, String(round));
      writeBundle(dir, built);
      const onDisk = readFileSync(path.join(dir, 'report.json'));
      const bundle = readBundle(dir);
      const preview = formatPreview(bundle);
      expect(onDisk.equals(built.bytes)).toBe(true);
      expect(bundle.sha256).toBe(built.sha256);
      expect(sha256Hex(onDisk)).toBe(built.sha256);
      expect(preview).toContain(`\n${onDisk.toString('utf8')}\n`);
      expect(preview).toContain(`SHA-256 ${built.sha256}`);
    }
  });
});

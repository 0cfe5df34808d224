import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import { ATTACHMENT_MANIFEST, manifestGaps, PRIVACY_MANIFEST, policyClauses } from '../../contract/privacy-manifest';
import { reportSections, ReportSchema, type ReportSection } from '../../contract/report';
import { buildReport } from '../../main/report/build-report';
import { fixturePath } from '../helpers/fixtures';
import { randomInt, seededRandom } from '../helpers/random';
import { sampleCrashEvent } from '../helpers/sample-crash';

describe('the privacy manifest', () => {
  it('declares every field of candor.report/1, and nothing that is not one', () => {
    expect(manifestGaps(ReportSchema, PRIVACY_MANIFEST)).toEqual({ missing: [], stale: [] });
    const paths = PRIVACY_MANIFEST.map((entry) => entry.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('notices a field added to the schema without an entry, and an entry whose field is gone', () => {
    const extended = ReportSchema.extend({ telemetry: z.strictObject({ deviceId: z.string() }) });
    expect(manifestGaps(extended, PRIVACY_MANIFEST)).toEqual({ missing: ['telemetry.deviceId'], stale: [] });
    const narrowed = ReportSchema.omit({ privacyPolicyVersion: true });
    expect(manifestGaps(narrowed, PRIVACY_MANIFEST)).toEqual({ missing: [], stale: ['privacyPolicyVersion'] });
  });

  it('gives every entry a purpose, a clause, and a switch or the reason it is always sent', () => {
    for (const entry of [...PRIVACY_MANIFEST, ...ATTACHMENT_MANIFEST]) {
      expect(entry.purpose, entry.path).toMatch(/\S.*\.$/);
      expect(Object.keys(policyClauses), entry.path).toContain(entry.policyClause);
      if (entry.excludedBy === null) expect(entry.alwaysSentBecause, entry.path).toMatch(/\S/);
      else expect(reportSections, entry.path).toContain(entry.excludedBy);
    }
    // Free text that can name a person is redacted before the user sees it, unless it is their own email.
    const unredactedPersonal = PRIVACY_MANIFEST.filter((entry) => entry.personalData && entry.redaction === 'none').map(
      (entry) => entry.path,
    );
    expect(unredactedPersonal).toEqual(['user.email']);
  });
});

/** Every path a JSON value has, in the manifest's notation: dotted, `[]` for array items. */
function jsonPaths(value: unknown, path = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    // An empty array carries no value.
    for (const item of value) jsonPaths(item, `${path}[]`, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) jsonPaths(member, path === '' ? key : `${path}.${key}`, into);
  } else {
    into.add(path);
  }
  return into;
}

const OS = { platform: 'linux', name: 'Debian 12', release: '12', build: '#1', kernel: '6.1', arch: 'x64', locale: 'en-GB' };
const HARDWARE = {
  cpu: { brand: 'Ryzen 7', manufacturer: 'AMD', cores: 16, physicalCores: 8, speedGHz: 3.8 },
  memory: { totalBytes: 34_359_738_368 },
  gpus: [{ vendor: 'AMD', model: 'Radeon', driverVersion: '23.1', vramMB: 8192 }],
  system: { manufacturer: 'Framework', model: 'Laptop 16', virtual: false },
  dataVolume: { freeBytes: 1e11, totalBytes: 1e12 },
};
const BROWSERS = {
  embedded: { name: 'Chromium' as const, version: '130.0.6723.117' },
  installed: [{ name: 'Firefox' as const, version: '133.0', isDefault: true }],
  defaultBrowser: 'firefox.desktop',
};
const DOTNET = {
  framework: [{ version: '4.8.1', release: 533_320, servicePack: 0 }],
  runtimes: [{ name: 'Microsoft.NETCore.App', version: '8.0.11', root: '/home/ann/.dotnet/shared/Microsoft.NETCore.App' }],
  sdks: [{ version: '8.0.404', root: '/home/ann/.dotnet/sdk' }],
};
const APP = {
  name: 'Example Editor',
  version: '2.4.1',
  electron: '33.2.1',
  chrome: '130.0.6723.117',
  node: '20.18.1',
  v8: '13.0.245.12',
  uptimeSeconds: 42,
};

function probeResult<T>(
  random: () => number,
  data: T,
):
  | { status: 'ok'; durationMs: number; cached?: boolean; data: T }
  | { status: 'unavailable' | 'timeout'; durationMs: number; reason: string } {
  const pick = randomInt(random, 3);
  if (pick === 0) return { status: 'unavailable', durationMs: 1, reason: 'not on this system (/home/ann)' };
  if (pick === 1) return { status: 'timeout', durationMs: 5000, reason: 'no answer in 5 s' };
  return { status: 'ok', durationMs: 2, cached: random() < 0.5, data };
}

describe('reports as they are built', () => {
  it('carry no path the manifest does not declare, whatever the choices (200 seeded reports)', () => {
    const random = seededRandom(19);
    const declared = new Set(PRIVACY_MANIFEST.map((entry) => entry.path));
    const attachmentKinds = new Set(ATTACHMENT_MANIFEST.map((entry) => entry.path));
    const dump = readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp'));
    const seen = new Set<string>();
    for (let round = 0; round < 200; round++) {
      const exclude: ReportSection[] = reportSections.filter(() => random() < 0.4);
      const diagnostics: DiagnosticsSnapshot = {
        schema: 'candor.diagnostics/1',
        collectedAt: '2026-11-30T08:00:00.000Z',
        durationMs: 100,
        probes: {
          os: probeResult(random, OS),
          hardware: probeResult(random, HARDWARE),
          browsers: probeResult(random, BROWSERS),
          dotnet: probeResult(random, DOTNET),
          app: probeResult(random, APP),
        },
      };
      const built = buildReport({
        now: new Date('2026-11-30T09:00:00Z'),
        app: { name: 'Example Editor', version: '2.4.1' },
        crash:
          random() < 0.5
            ? sampleCrashEvent()
            : sampleCrashEvent({ kind: 'process-gone', error: undefined, exit: { reason: 'crashed', exitCode: 11 } }),
        diagnostics,
        ...(random() < 0.5 ? { comment: 'it froze while saving /home/ann/notes.txt' } : {}),
        ...(random() < 0.5 ? { email: 'ann@example.com' } : {}),
        ...(random() < 0.5 ? { log: { name: 'editor.log', text: 'saved /home/ann/a.txt\n' } } : {}),
        ...(random() < 0.7
          ? { minidump: { name: 'crash.dmp', bytes: dump }, minidumpVariant: random() < 0.5 ? ('full' as const) : ('stack-only' as const) }
          : {}),
        exclude,
        privacyPolicyVersion: '2026-11-01',
      });
      const report = JSON.parse(built.bytes.toString('utf8')) as { attachments: { kind: string; variant?: string }[] };
      for (const path of jsonPaths(report)) {
        expect(declared, `${path} (round ${round})`).toContain(path);
        seen.add(path);
      }
      for (const attachment of report.attachments) {
        expect(attachmentKinds).toContain(
          attachment.kind === 'log' ? 'attachment:log' : `attachment:minidump/${attachment.variant ?? 'full'}`,
        );
      }
    }
    // The rounds reach nearly every declared field, so the check covers what reports really carry.
    expect(seen.size).toBeGreaterThan(declared.size * 0.9);
  });
});

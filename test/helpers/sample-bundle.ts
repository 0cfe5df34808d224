import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CrashEvent } from '../../contract/crash-event';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import { buildReport, type BuiltReport } from '../../main/report/build-report';
import { readBundle, writeBundle, type Bundle } from '../../main/report/bundle';
import { fixturePath } from './fixtures';
import { sampleCrashEvent } from './sample-crash';

const diagnostics: DiagnosticsSnapshot = {
  schema: 'candor.diagnostics/1',
  collectedAt: '2026-11-29T08:00:00.000Z',
  durationMs: 10,
  probes: {
    os: {
      status: 'ok',
      durationMs: 1,
      data: { platform: 'linux', name: 'Debian 12', release: '12', build: '#1', kernel: '6.1', arch: 'x64', locale: 'C' },
    },
  },
};

/** A real report (with a real minidump and a log) built and written as a bundle under `dir`. */
export function sampleBundle(
  dir: string,
  comment = 'saving a file',
  app = { name: 'Example Editor', version: '2.4.1' },
  crash: Partial<CrashEvent> = {},
): { built: BuiltReport; bundle: Bundle } {
  const built = buildReport({
    now: new Date('2026-11-29T09:00:00Z'),
    app,
    crash: sampleCrashEvent(crash),
    diagnostics,
    comment,
    log: { name: 'editor.log', text: 'opened a file\n'.repeat(50) },
    minidump: { name: 'crash.dmp', bytes: readFileSync(fixturePath('minidumps', 'breakpad_minidump2.dmp')) },
    exclude: [],
    privacyPolicyVersion: '2026-11-01',
  });
  const bundleDir = path.join(dir, built.report.id);
  writeBundle(bundleDir, built);
  return { built, bundle: readBundle(bundleDir) };
}

import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Electronegativity, Doyensec's Electron security linter, over the desktop app's sources: the main
 * process (where windows are made), the preload, the renderer (its page carries the CSP meta tag)
 * and package.json (the Electron version). Tests, benchmarks and the server are not the app.
 */
const APP_SOURCES = ['main', 'preload', 'renderer', 'contract', 'package.json'];
const ELECTRON_VERSION = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }).version;
// AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub, which this
// machine cannot reach; it says only whether a newer Electron exists, which Dependabot tells us.
const NEEDS_NETWORK = ['AvailableSecurityFixesGlobalCheck'];

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
}

const stagings: string[] = [];
afterAll(() => {
  for (const folder of stagings) rmSync(folder, { recursive: true, force: true });
});

function stageAppSources(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'candor-electronegativity-'));
  stagings.push(folder);
  for (const source of APP_SOURCES) cpSync(source, path.join(folder, 'app', source), { recursive: true });
  return folder;
}

async function scan(folder: string): Promise<SarifResult[]> {
  const report = path.join(folder, 'report.sarif');
  const cli = path.resolve('node_modules/@doyensec/electronegativity/dist/index.js');
  const args = ['-i', path.join(folder, 'app'), '-r', '-v', 'false', '-e', ELECTRON_VERSION, '-x', NEEDS_NETWORK.join(','), '-o', report];
  await promisify(execFile)(process.execPath, [cli, ...args], { timeout: 120_000 });
  const sarif = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results: SarifResult[] }[] };
  return sarif.runs.flatMap((run) => run.results);
}

function describeFinding(result: SarifResult): string {
  const location = result.locations?.[0]?.physicalLocation;
  return `${result.level} ${result.ruleId} ${location?.artifactLocation.uri ?? ''}:${location?.region?.startLine ?? 0}`;
}

describe('electronegativity on the desktop app', () => {
  it('reports no error- or warning-level finding', async () => {
    const findings = await scan(stageAppSources());
    expect(findings.length, 'the scan ran and reported its informational notes').toBeGreaterThan(0);
    expect(findings.filter((result) => result.level === 'error' || result.level === 'warning').map(describeFinding)).toEqual([]);
  }, 180_000);

  it('does report a window made without isolation or sandbox, and a page without its CSP meta tag', async () => {
    const folder = stageAppSources();
    const windowFile = path.join(folder, 'app', 'main', 'electron', 'window.ts');
    const window = readFileSync(windowFile, 'utf8');
    writeFileSync(
      windowFile,
      window.replace('contextIsolation: true', 'contextIsolation: false').replace('sandbox: true', 'sandbox: false'),
    );
    const pageFile = path.join(folder, 'app', 'renderer', 'index.html');
    writeFileSync(pageFile, readFileSync(pageFile, 'utf8').replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''));
    const warnings = (await scan(folder)).filter((result) => result.level === 'warning').map((result) => result.ruleId);
    expect(warnings).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'CSP_GLOBAL_CHECK']));
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsSnapshotSchema } from '../../../../contract/diagnostics';
import { runCli } from '../../../helpers/run-cli';
import { makeTempDir } from '../../../helpers/temp-dir';

let home: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir: home, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('candor collect', () => {
  it('prints the snapshot as JSON with every probe and exits 0', async () => {
    const result = await runCli(['collect', '--json'], { env: { CANDOR_HOME: home } });
    expect(result.code).toBe(0);
    const snapshot = DiagnosticsSnapshotSchema.parse(JSON.parse(result.stdout));
    expect(Object.keys(snapshot.probes).sort()).toEqual(['app', 'browsers', 'dotnet', 'hardware', 'os']);
    expect(snapshot.probes.dotnet).toMatchObject({ status: 'ok', data: { runtimes: [], sdks: [] } });
    const names = snapshot.probes.browsers?.status === 'ok' ? snapshot.probes.browsers.data.installed.map((browser) => browser.name) : [];
    expect(names).toEqual(expect.arrayContaining(['Chromium', 'Firefox ESR']));
  });

  it('prints a readable table with each probe, its status and time', async () => {
    const result = await runCli(['collect', '--only', 'os,dotnet'], { env: { CANDOR_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Probe\s+Status\s+Time/m);
    expect(result.stdout).toMatch(/^os\s+ok\s+\d+ ms/m);
    expect(result.stdout).toMatch(/^\.NET\s+not installed$/m);
    expect(result.stdout).not.toMatch(/^hardware/m);
  });

  it('refuses an unknown probe with exit code 2 and a one-line reason', async () => {
    const result = await runCli(['collect', '--only', 'os,toaster'], { env: { CANDOR_HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--only takes');
  });

  it('refuses an unknown option and an unknown command with exit code 2', async () => {
    expect((await runCli(['collect', '--bogus'])).code).toBe(2);
    const unknown = await runCli(['explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "explode"');
  });
});

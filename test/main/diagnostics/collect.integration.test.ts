import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticsSnapshotSchema } from '../../../contract/diagnostics';
import { collectDiagnostics } from '../../../main/diagnostics/collect';
import type { CollectRequest } from '../../../main/diagnostics/collect-request';
import { collectInChildProcess, forkNodeCollector } from '../../../main/diagnostics/collect-in-child';
import { builtFile } from '../../helpers/built';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function request(overrides: Partial<CollectRequest> = {}): Promise<CollectRequest> {
  const dir = await tempDir();
  return {
    dataDir: dir,
    cacheFile: path.join(dir, 'cache', 'diagnostics-static.json'),
    app: {
      name: 'Candor',
      version: '0.1.0',
      versions: { node: process.versions.node, v8: process.versions.v8 },
      startedAtMs: Date.now() - 5_000,
    },
    deadlineMs: 10_000,
    ...overrides,
  };
}

/** What a browser says of itself: the reference the probe must match. */
function versionFromItself(command: string): string {
  const output = execFileSync(command, ['--version'], { encoding: 'utf8' });
  const match = /(\d+(?:\.\d+)+(?:esr)?)/.exec(output);
  if (match?.[1] === undefined) throw new Error(`no version in: ${output}`);
  return match[1];
}

describe('collectDiagnostics on this machine', () => {
  it('reports the OS, hardware, the installed Chromium and Firefox ESR, and .NET as not installed', async () => {
    const snapshot = DiagnosticsSnapshotSchema.parse(await collectDiagnostics(await request()));
    const { os, hardware, browsers, dotnet, app } = snapshot.probes;

    expect(os).toMatchObject({ status: 'ok', data: { platform: process.platform, arch: process.arch } });
    expect(hardware?.status).toBe('ok');
    if (hardware?.status === 'ok') {
      expect(hardware.data.cpu.cores).toBeGreaterThan(0);
      expect(hardware.data.memory.totalBytes).toBeGreaterThan(0);
      expect(hardware.data.dataVolume?.freeBytes).toBeGreaterThan(0);
    }
    expect(browsers?.status).toBe('ok');
    if (browsers?.status === 'ok') {
      expect(browsers.data.installed).toContainEqual(expect.objectContaining({ name: 'Chromium', version: versionFromItself('chromium') }));
      expect(browsers.data.installed).toContainEqual(
        expect.objectContaining({ name: 'Firefox ESR', version: versionFromItself('firefox-esr') }),
      );
    }
    expect(dotnet).toMatchObject({ status: 'ok', data: { framework: [], runtimes: [], sdks: [] } });
    expect(app).toMatchObject({ status: 'ok', data: { name: 'Candor' } });
    expect(app?.status === 'ok' && app.data.uptimeSeconds).toBeGreaterThanOrEqual(5);
  });

  it('collects only what was asked', async () => {
    const snapshot = await collectDiagnostics(await request({ only: ['os', 'app'] }));
    expect(Object.keys(snapshot.probes).sort()).toEqual(['app', 'os']);
  });

  it('keeps hardware and .NET for the next crash in the same boot, and only those', async () => {
    const req = await request({ only: ['hardware', 'dotnet', 'os'] });
    const first = await collectDiagnostics(req);
    expect(first.probes.hardware).not.toHaveProperty('cached');
    const second = await collectDiagnostics(req);
    expect(second.probes.hardware).toMatchObject({ status: 'ok', cached: true });
    expect(second.probes.dotnet).toMatchObject({ status: 'ok', cached: true });
    expect(second.probes.os).not.toHaveProperty('cached');
    expect(second.probes.hardware?.status === 'ok' && second.probes.hardware.data).toEqual(
      first.probes.hardware?.status === 'ok' && first.probes.hardware.data,
    );
  });

  it('ignores a cache written for another app version, and a corrupt one', async () => {
    const req = await request({ only: ['hardware'] });
    await collectDiagnostics(req);
    const other = await collectDiagnostics({ ...req, app: { ...req.app, version: '9.9.9' } });
    expect(other.probes.hardware).not.toHaveProperty('cached');

    await writeFile(req.cacheFile ?? '', '{"schema": "candor.diagnostics-cache/1", "key": 7');
    const afterCorruption = await collectDiagnostics(req);
    expect(afterCorruption.probes.hardware).toMatchObject({ status: 'ok' });
    expect(afterCorruption.probes.hardware).not.toHaveProperty('cached');
    expect(JSON.parse(await readFile(req.cacheFile ?? '', 'utf8'))).toHaveProperty('hardware');
  });

  it('reports a failing probe and a hanging one without failing the others', async () => {
    const snapshot = await collectDiagnostics(await request({ only: ['os', 'dotnet', 'browsers'], deadlineMs: 400 }), {
      probes: {
        dotnet: () => Promise.reject(new Error('dotnet crashed')),
        browsers: () => new Promise(() => undefined),
      },
    });
    expect(snapshot.probes.os?.status).toBe('ok');
    expect(snapshot.probes.dotnet).toMatchObject({ status: 'unavailable', reason: 'dotnet crashed' });
    expect(snapshot.probes.browsers).toMatchObject({ status: 'timeout', reason: 'no answer within 400 ms' });
  });

  it('finds a .NET install by its folders when dotnet is not on PATH', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'dotnet', 'shared', 'Microsoft.NETCore.App', '8.0.1'), { recursive: true });
    const snapshot = await collectDiagnostics(await request({ only: ['dotnet'], cacheFile: undefined }), {
      env: { PATH: '/nonexistent', DOTNET_ROOT: path.join(dir, 'dotnet') },
    });
    expect(snapshot.probes.dotnet).toMatchObject({
      status: 'ok',
      data: { runtimes: [{ name: 'Microsoft.NETCore.App', version: '8.0.1', root: path.join(dir, 'dotnet') }] },
    });
  });
});

describe('collectInChildProcess', () => {
  it('collects in the built collector process', async () => {
    const snapshot = await collectInChildProcess(await request({ only: ['os', 'app'] }), () =>
      forkNodeCollector(builtFile('node/collector.js')),
    );
    expect(snapshot.probes.os?.status).toBe('ok');
    expect(snapshot.probes.app?.status).toBe('ok');
  });

  it('kills a collector that does not answer and reports every probe as timed out', async () => {
    const dir = await tempDir();
    const hanging = path.join(dir, 'hanging-collector.mjs');
    await writeFile(hanging, 'setInterval(() => {}, 1000);\n');
    let killed = false;
    const started = performance.now();
    const snapshot = await collectInChildProcess(await request({ only: ['os', 'hardware'], deadlineMs: 100 }), () => {
      const channel = forkNodeCollector(hanging);
      return {
        ...channel,
        kill: () => {
          killed = true;
          channel.kill();
        },
      };
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(killed).toBe(true);
    expect(snapshot.probes.os).toMatchObject({ status: 'timeout' });
    expect(snapshot.probes.hardware).toMatchObject({ status: 'timeout' });
  });

  it('reports a collector that dies before answering', async () => {
    const dir = await tempDir();
    const dying = path.join(dir, 'dying-collector.mjs');
    await writeFile(dying, 'process.exit(3);\n');
    const snapshot = await collectInChildProcess(await request({ only: ['os'] }), () => forkNodeCollector(dying));
    expect(snapshot.probes.os).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('code 3') as unknown });
  });
});

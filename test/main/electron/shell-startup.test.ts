import { copyFileSync, mkdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fixturePath } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp-dir';
import { FakeBrowserWindow, fakeApp } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { startElectronShell } = await import('../../../main/electron/shell');
const { createServices } = await import('../../../main/services');

const temp = await makeTempDir();
afterAll(() => temp.cleanup());

describe('the desktop app starting after a native crash', () => {
  it("opens the crash dialog for a dump the previous run's Crashpad left", async () => {
    const crashDumps = path.join(temp.dir, 'Crashpad');
    mkdirSync(path.join(crashDumps, 'completed'), { recursive: true });
    const left = path.join(crashDumps, 'completed', 'left.dmp');
    copyFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp'), left);
    // Written by the previous run, an hour ago.
    utimesSync(left, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    fakeApp.paths.set('crashDumps', crashDumps);
    vi.stubEnv('CANDOR_HOME', path.join(temp.dir, 'home'));
    Object.defineProperty(process, 'resourcesPath', { value: path.join(temp.dir, 'resources'), configurable: true });
    startElectronShell((platform) => createServices({ transport: 'ipc', ...platform }), {
      preload: '/app/out/preload/index.cjs',
      rendererDir: path.join(temp.dir, 'renderer'),
      collector: '/app/out/main/collector.js',
    });
    await new Promise((resolve) => setImmediate(resolve));
    const dialogs = FakeBrowserWindow.created.filter((window) => window.loadedUrl?.endsWith('#crash-dialog') === true);
    expect(dialogs).toHaveLength(1);
  });
});

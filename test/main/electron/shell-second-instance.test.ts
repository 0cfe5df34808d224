import { describe, expect, it, vi } from 'vitest';
import { calls, FakeBrowserWindow, fakeApp, fakeCrashReporter } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { startElectronShell } = await import('../../../main/electron/shell');

describe('a second instance of the desktop app', () => {
  it('hands its crash file over and quits: no Crashpad of its own, no services, no window', () => {
    fakeApp.singleInstanceLock = false;
    const createServices = vi.fn();
    startElectronShell(createServices, { preload: '/p.cjs', rendererDir: '/r', collector: '/c.js' });
    expect(fakeApp.quitCalls).toBe(1);
    expect(calls).toEqual(['requestSingleInstanceLock']);
    expect(fakeCrashReporter.startOptions).toEqual([]);
    expect(createServices).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toEqual([]);
  });
});

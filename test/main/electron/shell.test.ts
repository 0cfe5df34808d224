import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiCallNames, channelOf } from '../../../contract/api';
import { makeTempDir } from '../../helpers/temp-dir';
import { sampleNewCrash } from '../../helpers/sample-crash';
import type { ElectronPlatform } from '../../../main/electron/shell';
import {
  calls,
  FakeBrowserWindow,
  FakeWebContents,
  fakeApp,
  fakeCrashReporter,
  fakeDialog,
  fakeIpcMain,
  fakeProtocol,
  fakeSession,
  fakeUtilityProcess,
} from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { startElectronShell } = await import('../../../main/electron/shell');
const { createServices } = await import('../../../main/services');

let services: ReturnType<typeof createServices>;
let platform: ElectronPlatform | undefined;
let cleanup: () => Promise<void>;
let rendererDir: string;

beforeAll(async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  vi.stubEnv('CANDOR_HOME', path.join(temp.dir, 'home'));
  // Electron sets process.resourcesPath, the folder with the app's resources (where a vendor's
  // candor-vendor.json goes); plain Node does not.
  Object.defineProperty(process, 'resourcesPath', { value: path.join(temp.dir, 'resources'), configurable: true });
  rendererDir = path.join(temp.dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Candor</title>');
  startElectronShell(
    (given) => {
      platform = given;
      services = createServices({ transport: 'ipc', ...given });
      return services;
    },
    { preload: '/app/out/preload/index.cjs', rendererDir, collector: '/app/out/main/collector.js' },
  );
  // whenReady() resolves at once in the fake; let its continuation run.
  await new Promise((resolve) => setImmediate(resolve));
});

afterAll(() => cleanup());

function mainWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.created[0];
  if (window === undefined) throw new Error('no window was created');
  return window;
}

function invoke(channel: string, event: unknown, args: unknown): Promise<unknown> {
  const handler = fakeIpcMain.handlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler(event, args));
}

function eventFrom(sender: FakeWebContents, url: string, parent: unknown = null): unknown {
  return { sender, senderFrame: { url, parent } };
}

describe('the Electron shell wiring', () => {
  it('creates one window with hardened webPreferences and the sandboxed CommonJS preload', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(mainWindow().options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(mainWindow().loadedUrl).toBe('candor://app/index.html');
  });

  it('takes the single-instance lock and registers the app scheme as privileged', () => {
    expect(fakeApp.quitCalls).toBe(0);
    expect(fakeProtocol.privileged).toEqual([{ scheme: 'candor', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the renderer from candor://app with a strict Content-Security-Policy', async () => {
    const handler = fakeProtocol.handlers.get('candor');
    if (handler === undefined) throw new Error('candor: scheme not handled');
    const response = (await handler({ url: 'candor://app/index.html' })) as Response;
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(await response.text()).toContain('<title>Candor</title>');

    const escape = (await handler({ url: 'candor://app/..%2f..%2fetc%2fpasswd' })) as Response;
    expect(escape.status).toBe(404);
    const otherHost = (await handler({ url: 'candor://elsewhere/index.html' })) as Response;
    expect(otherHost.status).toBe(404);
  });

  it('starts Crashpad once it holds the single-instance lock, before any window, without uploads: Candor decides what is sent', () => {
    expect(fakeCrashReporter.startOptions).toEqual([expect.objectContaining({ uploadToServer: false, submitURL: '' })]);
    expect(calls.slice(0, 2)).toEqual(['requestSingleInstanceLock', 'crashReporter.start']);
    expect(calls.indexOf('crashReporter.start')).toBeLessThan(calls.indexOf('new BrowserWindow'));
  });

  it('records a failed preload and an unresponsive window, and reloads a window whose renderer is gone', () => {
    const before = services.crashes.list().length;
    const window = mainWindow();
    window.webContents.emit('preload-error', {}, '/app/out/preload/index.cjs', new TypeError('contextBridge is not defined'));
    window.emit('unresponsive');
    const recorded = services.crashes.list().slice(before);
    expect(recorded.map((crash) => crash.error?.message)).toEqual([
      'the preload index.cjs failed: contextBridge is not defined',
      'a Candor window stopped responding',
    ]);
    for (const crash of recorded) services.crashes.setStatus(crash.id, 'dismissed');
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(window.webContents.reloads).toBe(1);
  });

  it('registers the gone-process handlers and records a crashed renderer or GPU process', () => {
    expect(fakeApp.listenerCount('render-process-gone')).toBe(1);
    expect(fakeApp.listenerCount('child-process-gone')).toBe(1);
    fakeApp.emit('render-process-gone', {}, mainWindow().webContents, { reason: 'crashed', exitCode: 11 });
    fakeApp.emit('child-process-gone', {}, { type: 'GPU', reason: 'oom', exitCode: -1 });
    fakeApp.emit('child-process-gone', {}, { type: 'Utility', reason: 'clean-exit', exitCode: 0 });
    const gone = services.crashes.pending().filter((crash) => crash.kind === 'process-gone');
    expect(gone.map((crash) => [crash.processType, crash.exit])).toEqual([
      ['renderer', { reason: 'crashed', exitCode: 11 }],
      ['gpu', { reason: 'oom', exitCode: -1 }],
    ]);
    for (const crash of gone) services.crashes.setStatus(crash.id, 'dismissed');
  });

  it('hands the services the data folder and a utility-process collector', () => {
    expect(platform?.dataDir).toBe(process.env.CANDOR_HOME);
    const before = fakeUtilityProcess.forked.length;
    platform?.startCollector();
    // Every collector the services start (one already began when a crash above waited for a decision) is this one.
    expect(fakeUtilityProcess.forked).toHaveLength(before + 1);
    expect(new Set(fakeUtilityProcess.forked.map((fork) => JSON.stringify(fork)))).toEqual(
      new Set([
        JSON.stringify({ modulePath: '/app/out/main/collector.js', options: { serviceName: 'Candor diagnostics', stdio: 'ignore' } }),
      ]),
    );
  });

  it("hands the services the system's preferred languages, which the app's info carries to the UI", async () => {
    expect(platform?.preferredLanguages).toEqual(['de-AT', 'en-US']);
    expect(await services.handlers.getAppInfo()).toMatchObject({ preferredLanguages: ['de-AT', 'en-US'] });
  });

  it("hands the services Candor's own privacy policy when the resources folder has no vendor file", () => {
    expect(platform?.privacyPolicy).toMatchObject({ source: 'candor', version: '2026-11-01' });
  });

  it('asks where to save "Export everything" in a save dialog over the focused window, suggesting the downloads folder', async () => {
    fakeDialog.nextSavePath = '/home/ann/candor.zip';
    expect(await platform?.chooseExportFile('candor-data-2026-11-30.zip')).toBe('/home/ann/candor.zip');
    expect(fakeDialog.saveCalls.at(-1)).toEqual({
      window: FakeBrowserWindow.getFocusedWindow(),
      options: { defaultPath: path.join('/fake/downloads', 'candor-data-2026-11-30.zip') },
    });
    fakeDialog.nextSavePath = null;
    expect(await platform?.chooseExportFile('candor-data-2026-11-30.zip')).toBeNull();
  });

  it('registers exactly one channel per contract method', () => {
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(apiCallNames.map(channelOf).sort());
  });

  it('answers the trusted window from the real handler table', async () => {
    const outcome = await invoke('candor:getAppInfo', eventFrom(mainWindow().webContents, 'candor://app/index.html'), []);
    expect(outcome).toMatchObject({ ok: true, value: { name: 'Candor', transport: 'ipc' } });
  });

  it('rejects calls from untrusted senders: another WebContents, a subframe, a foreign origin, a gone frame', async () => {
    const trusted = mainWindow().webContents;
    const stranger = new FakeWebContents();
    const attempts = [
      eventFrom(stranger, 'candor://app/index.html'),
      eventFrom(trusted, 'candor://app/index.html', { url: 'candor://app/index.html' }),
      eventFrom(trusted, 'https://attacker.example/'),
      eventFrom(trusted, 'file:///etc/passwd'),
      { sender: trusted, senderFrame: null },
    ];
    for (const event of attempts) {
      const outcome = await invoke('candor:getPendingCrash', event, []);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
  });

  it('validates arguments on IPC as on every transport', async () => {
    const outcome = await invoke('candor:dismissPendingCrash', eventFrom(mainWindow().webContents, 'candor://app/index.html'), [
      { not: 'a uuid' },
    ]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    const contents = mainWindow().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault });
      expect(preventDefault, event).toHaveBeenCalledOnce();
    }
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check but the clipboard write "Copy support code" needs, for the app itself', () => {
    const answers: boolean[] = [];
    const request = (permission: string, requestingUrl: string, isMainFrame = true): void =>
      void fakeSession.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {
        requestingUrl,
        isMainFrame,
      });
    request('clipboard-sanitized-write', 'candor://app/index.html');
    request('clipboard-sanitized-write', 'https://attacker.example/');
    request('clipboard-sanitized-write', 'candor://app/index.html', false);
    request('media', 'candor://app/index.html');
    request('clipboard-read', 'candor://app/index.html');
    expect(answers).toEqual([true, false, false, false, false]);
    expect(fakeSession.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'candor://app', {})).toBe(true);
    expect(fakeSession.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'https://attacker.example', {})).toBe(false);
    expect(fakeSession.permissionCheckHandler?.({}, 'notifications', 'candor://app', {})).toBe(false);
  });

  it('takes a crash file handed to an already running Candor from additionalData, not from the reordered argv', async () => {
    const dir = path.join(String(process.env.CANDOR_HOME), '..', 'handed-over');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'crash.json');
    await writeFile(file, JSON.stringify({ kind: 'exception', app: { name: 'Second Instance App', version: '1.0.0' } }));
    // This instance started without one: it asked for the lock with nothing to hand over.
    expect(fakeApp.lockData).toEqual({});
    // argv says relative.json in some other folder; additionalData holds the path the second instance resolved.
    fakeApp.emitSecondInstance('relative.json', '/somewhere/else', { crashFile: file });
    for (let attempt = 0; attempt < 50 && !services.crashes.list().some((crash) => crash.app.name === 'Second Instance App'); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const taken = services.crashes.list().filter((crash) => crash.app.name === 'Second Instance App');
    expect(taken).toHaveLength(1);
    for (const crash of taken) services.crashes.setStatus(crash.id, 'dismissed');
  });

  it("does not report Candor's own diagnostics collector, killed past its deadline, as a crash; a collector that crashed is one", () => {
    const before = services.crashes.list().length;
    platform?.startCollector().kill();
    fakeApp.emit('child-process-gone', {}, { type: 'Utility', serviceName: 'Candor diagnostics', reason: 'killed', exitCode: 15 });
    expect(services.crashes.list()).toHaveLength(before);
    // No kill of Candor's behind this one: reported.
    fakeApp.emit('child-process-gone', {}, { type: 'Utility', serviceName: 'Candor diagnostics', reason: 'killed', exitCode: 15 });
    fakeApp.emit('child-process-gone', {}, { type: 'Utility', serviceName: 'Candor diagnostics', reason: 'crashed', exitCode: 11 });
    const reported = services.crashes.list().slice(before);
    // Both may be recorded in the same millisecond, so the store's order between them is not theirs.
    expect(reported.map((crash) => [crash.processType, crash.exit?.reason]).sort()).toEqual([
      ['utility', 'crashed'],
      ['utility', 'killed'],
    ]);
    for (const crash of reported) services.crashes.setStatus(crash.id, 'dismissed');
  });

  it('opens the crash dialog in a small hardened window of its own when a crash is pending, once', () => {
    services.crashes.record(sampleNewCrash({ processType: 'gpu' }));
    services.crashes.record(sampleNewCrash({ processType: 'utility' }));
    const dialogs = FakeBrowserWindow.created.filter((window) => window.loadedUrl === 'candor://app/index.html#crash-dialog');
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.options).toMatchObject({
      width: 640,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(dialogs[0]?.calls).toContain('focus');
  });

  it('forwards service events to the trusted window only', () => {
    mainWindow().webContents.sent.length = 0;
    const crash = services.crashes.record(sampleNewCrash());
    expect(mainWindow().webContents.sent).toEqual([{ channel: 'candor:onCrashPending', payload: crash }]);
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { apiCallNames, apiEventNames, type CandorApi } from '../../contract/api';
import { sampleCrashEvent } from '../helpers/sample-crash';
import { reportPageErrors } from '../../renderer/page-errors';

const exposed = new Map<string, unknown>();
const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn<(channel: string, args: unknown[]) => Promise<unknown>>(() => Promise.resolve({ ok: true, value: true })),
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

/**
 * Two worlds, as contextIsolation makes them: the preload's `window` belongs to an isolated
 * world, and the page has its own. Chromium dispatches the page's `error` and
 * `unhandledrejection` events only in the page's world; listeners the preload adds to its own
 * window never hear them (electron/electron#20361, and the Chromium comment quoted in
 * electron/electron#23653). contextBridge.exposeInMainWorld puts window.candor into the page's world.
 */
const isolatedWorld = new EventTarget();
const pageWorld = Object.assign(new EventTarget(), { candor: undefined as CandorApi | undefined });
vi.stubGlobal('window', isolatedWorld);

await import('../../preload/index');
const candor = exposed.get('candor') as CandorApi;
pageWorld.candor = candor;
// What renderer/main.tsx does in the page's world.
reportPageErrors(pageWorld as unknown as Window & { candor?: CandorApi });

describe('the Electron preload', () => {
  it('exposes exactly CandorApi as window.candor and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['candor']);
    expect(Object.keys(candor).sort()).toEqual([...apiCallNames, ...apiEventNames].sort());
  });

  it('invokes the derived channel with the arguments as one array', async () => {
    const id = sampleCrashEvent().id;
    await expect(candor.dismissPendingCrash(id)).resolves.toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('candor:dismissPendingCrash', [id]);
  });

  it('rejects with the plain error the main side sent', async () => {
    const error = { code: 'untrusted-sender', name: 'CandorError', message: 'Refused' };
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error });
    await expect(candor.getAppInfo()).rejects.toEqual(error);
  });

  it('hands listeners the payload only, never the Electron event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = candor.onCrashPending((...args: unknown[]) => received.push(args));
    const crash = sampleCrashEvent();
    ipcRenderer.emit('candor:onCrashPending', { sender: 'electron-event' }, crash);
    unsubscribe();
    ipcRenderer.emit('candor:onCrashPending', { sender: 'electron-event' }, crash);
    expect(received).toEqual([[crash]]);
    expect(ipcRenderer.listenerCount('candor:onCrashPending')).toBe(0);
  });
});

describe('page errors, in the page world where Chromium dispatches them', () => {
  it('forwards an unhandled rejection in the page to the main side as a renderer error', () => {
    ipcRenderer.invoke.mockClear();
    const event = Object.assign(new Event('unhandledrejection'), { reason: new RangeError('out of range') });
    pageWorld.dispatchEvent(event);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('candor:reportRendererError', [
      { kind: 'renderer-rejection', error: expect.objectContaining({ name: 'RangeError', message: 'out of range' }) as unknown },
    ]);
  });

  it('forwards an uncaught error with what the ErrorEvent tells', () => {
    ipcRenderer.invoke.mockClear();
    const event = Object.assign(new Event('error'), {
      message: 'Uncaught boom',
      filename: 'candor://app/x.js',
      lineno: 3,
      colno: 9,
      error: null,
    });
    pageWorld.dispatchEvent(event);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('candor:reportRendererError', [
      {
        kind: 'renderer-error',
        error: { name: 'Error', message: 'Uncaught boom', stack: 'Error: Uncaught boom\n    at candor://app/x.js:3:9' },
      },
    ]);
  });
});

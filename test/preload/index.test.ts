import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { apiCallNames, apiEventNames, type CandorApi } from '../../contract/api';
import { sampleCrash } from '../helpers/sample-crash';

const exposed = new Map<string, unknown>();
const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn<(channel: string, args: unknown[]) => Promise<unknown>>(() => Promise.resolve({ ok: true, value: true })),
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

await import('../../preload/index');
const candor = exposed.get('candor') as CandorApi;

describe('the Electron preload', () => {
  it('exposes exactly CandorApi as window.candor and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['candor']);
    expect(Object.keys(candor).sort()).toEqual([...apiCallNames, ...apiEventNames].sort());
  });

  it('invokes the derived channel with the arguments as one array', async () => {
    const id = sampleCrash().id;
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
    const crash = sampleCrash();
    ipcRenderer.emit('candor:onCrashPending', { sender: 'electron-event' }, crash);
    unsubscribe();
    ipcRenderer.emit('candor:onCrashPending', { sender: 'electron-event' }, crash);
    expect(received).toEqual([[crash]]);
    expect(ipcRenderer.listenerCount('candor:onCrashPending')).toBe(0);
  });
});

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelOf } from '../contract/api';
import { createCandorApi } from '../contract/client';

const api = createCandorApi({
  call: (name, args) => ipcRenderer.invoke(channelOf(name), args),
  subscribe: (name, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channelOf(name), forward);
    return () => {
      ipcRenderer.removeListener(channelOf(name), forward);
    };
  },
});

// Exposes exactly CandorApi; Electron's event object never reaches the page.
contextBridge.exposeInMainWorld('candor', api);
// Page errors are listened for in the page's own world (renderer/page-errors.ts): this
// isolated world never hears them.

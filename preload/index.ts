import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelOf } from '../contract/api';
import { createCandorApi } from '../contract/client';
import { forwardPageErrors } from './page-errors';

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

// A failure to report a page error is not reported again: that is how loops start.
forwardPageErrors(window, (error) => {
  api.reportRendererError(error).catch(() => undefined);
});

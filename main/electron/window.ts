import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';

export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
  };
}

/** Candor's pages never navigate, open windows or embed webviews; any attempt is refused. */
export function denyNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export interface WindowOptions {
  preloadPath: string;
  url: string;
  title: string;
}

export function createMainWindow({ preloadPath, url, title }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 720,
    minWidth: 480,
    minHeight: 400,
    title,
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}

/** The part of the renderer's URL that asks for the crash dialog alone. */
export const DIALOG_FRAGMENT = '#crash-dialog';

/**
 * The crash dialog in a small window of its own, so it appears even when the main window is what
 * crashed. Same renderer and preload, same hardening.
 */
export function createDialogWindow({ preloadPath, url, title }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 640,
    height: 780,
    minWidth: 420,
    minHeight: 480,
    title,
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${url}${DIALOG_FRAGMENT}`);
  return window;
}

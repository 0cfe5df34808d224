import { BrowserWindow, type WebContents } from 'electron';

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

interface WindowSize {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/**
 * Every Candor window is made here, with its webPreferences written out in full at the one
 * `new BrowserWindow` so that a reader, and Electron's security linter (electronegativity, run by
 * `npm test`), sees each hardened option where the window is made rather than behind a helper.
 */
function createHardenedWindow({ preloadPath, url, title }: WindowOptions, size: WindowSize): BrowserWindow {
  const window = new BrowserWindow({
    ...size,
    title,
    show: false,
    webPreferences: {
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
      // A middle click would open a link in a new window (denied anyway); the event is not needed.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  return createHardenedWindow(options, { width: 960, height: 720, minWidth: 480, minHeight: 400 });
}

/** The part of the renderer's URL that asks for the crash dialog alone. */
export const DIALOG_FRAGMENT = '#crash-dialog';

/**
 * The crash dialog in a small window of its own, so it appears even when the main window is what
 * crashed. Same renderer and preload, same hardening.
 */
export function createDialogWindow(options: WindowOptions): BrowserWindow {
  return createHardenedWindow(
    { ...options, url: `${options.url}${DIALOG_FRAGMENT}` },
    { width: 640, height: 780, minWidth: 420, minHeight: 480 },
  );
}

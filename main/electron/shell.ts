import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import type { CollectorChannel } from '../diagnostics/collect-in-child';
import type { Services } from '../services';
import { PRODUCT_NAME } from '../product';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { forwardApiEvents, registerApiIpc } from './ipc';
import { isTrustedSender, originOf } from './trusted-sender';
import { forkUtilityCollector } from './utility-collector';
import { createMainWindow, denyNavigation } from './window';

export interface ShellPaths {
  preload: string;
  rendererDir: string;
  collector: string;
}

export function defaultShellPaths(): ShellPaths {
  return {
    preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    collector: fileURLToPath(new URL('./collector.js', import.meta.url)),
  };
}

/** What only Electron knows, handed to the plain-Node services. */
export interface ElectronPlatform {
  dataDir: string;
  startCollector: () => CollectorChannel;
}

/**
 * The desktop shell: one instance, hardened windows, the API over IPC. Everything it shows
 * comes from `services`, which run the same way outside Electron.
 */
export function startElectronShell(
  createServices: (platform: ElectronPlatform) => Services,
  paths: ShellPaths = defaultShellPaths(),
): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // electron-vite's dev server, only when the app is run from source.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const entryUrl = devUrl ?? APP_ENTRY_URL;
  const appOrigin = devUrl === undefined ? APP_ORIGIN : originOf(devUrl);
  const services = createServices({
    dataDir: process.env.CANDOR_HOME ?? app.getPath('userData'),
    startCollector: () => forkUtilityCollector(paths.collector),
  });
  const trustedIds = new Set<number>();
  let mainWindow: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => denyNavigation(contents));
  app.on('second-instance', () => {
    if (mainWindow === undefined || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    registerAppProtocol(protocol, paths.rendererDir);
    registerApiIpc({
      ipcMain,
      handlers: services.handlers,
      isTrusted: (event) => isTrustedSender(event, trustedIds, appOrigin),
    });
    forwardApiEvents(services.events, () =>
      BrowserWindow.getAllWindows()
        .map((window) => window.webContents)
        .filter((contents) => trustedIds.has(contents.id)),
    );
    mainWindow = createMainWindow({ preloadPath: paths.preload, url: entryUrl, title: PRODUCT_NAME });
    const contentsId = mainWindow.webContents.id;
    trustedIds.add(contentsId);
    mainWindow.on('closed', () => trustedIds.delete(contentsId));
  });
}

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, protocol, session } from 'electron';
import { z } from 'zod';
import { crashFileArgument } from '../capture/crash-file';
import { CrashInbox, takeCrashFile } from '../capture/crash-inbox';
import { crashpadDumpFolders, DUMP_SETTLED_MS, MinidumpPickup } from '../capture/minidump-pickup';
import { installProcessHooks } from '../capture/process-hooks';
import type { CollectorChannel } from '../diagnostics/collect-in-child';
import { destinationFromEnvironment, Destinations, readVendorConfig, SETTINGS_FILE, vendorConfigPath } from '../destination/destinations';
import { loadPrivacyPolicy, seedPrivacyPolicy } from '../privacy/privacy-policy';
import type { PrivacyPolicy } from '../../contract/privacy-policy';
import type { Services } from '../services';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { startNativeCrashReporter, watchGoneProcesses } from './crash-capture';
import { forwardApiEvents, registerApiIpc } from './ipc';
import { isTrustedSender, originOf } from './trusted-sender';
import { forkUtilityCollector, wasKilledByCandor } from './utility-collector';
import { createDialogWindow, createMainWindow, denyNavigation } from './window';

/** How often queued reports are offered to the server again (each has its own backoff on top). */
const OUTBOX_RETRY_INTERVAL_MS = 30_000;

/** How long Crashpad gets to finish a dump after Electron reports its process gone. */
const DUMP_SETTLE_MS = 1_500;

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
  /** Where reports go: the environment, the vendor's file beside the app, then Settings. */
  destinations: Destinations;
  /** The vendor's privacy policy beside its configuration, or Candor's own. */
  privacyPolicy: PrivacyPolicy;
  /** "Export everything" asks where to save, in a dialog over the window that asked. */
  chooseExportFile: (suggestedName: string) => Promise<string | null>;
  preferredLanguages: readonly string[];
}

async function chooseExportFile(suggestedName: string): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
  const window = BrowserWindow.getFocusedWindow();
  const chosen = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
  // A cancelled dialog gives an empty path (SaveDialogReturnValue).
  return chosen.canceled || chosen.filePath === '' ? null : chosen.filePath;
}

/** What a second instance hands the first: the crash file it was started with, already resolved. */
const HandOverSchema = z.strictObject({ crashFile: z.string().min(1).optional() });
type HandOver = z.infer<typeof HandOverSchema>;

/**
 * The desktop app's destination sources and privacy policy. The vendor's files sit in the app's
 * resources folder (electron-builder's `extraResources`); a malformed configuration is reported
 * and not used, and so is a policy that cannot be shown (Candor's own is shown instead).
 */
function desktopVendorSetup(dataDir: string): Pick<ElectronPlatform, 'destinations' | 'privacyPolicy'> {
  const settingsFile = path.join(dataDir, SETTINGS_FILE);
  const vendorFile = vendorConfigPath(process.env, process.resourcesPath);
  const report = (error: unknown, consequence = ''): void => {
    process.stderr.write(`candor: ${error instanceof Error ? error.message : String(error)}${consequence}\n`);
  };
  let vendor = null;
  try {
    vendor = readVendorConfig(vendorFile);
  } catch (error) {
    report(error);
  }
  let privacyPolicy: PrivacyPolicy;
  try {
    privacyPolicy = loadPrivacyPolicy(vendor, vendorFile);
  } catch (error) {
    report(error, "; Candor's own privacy policy is shown");
    privacyPolicy = seedPrivacyPolicy();
  }
  try {
    return {
      destinations: new Destinations({ settingsFile, environment: destinationFromEnvironment(process.env), vendor }),
      privacyPolicy,
    };
  } catch (error) {
    report(error, '; CANDOR_ENDPOINT is not used');
    return { destinations: new Destinations({ settingsFile, vendor }), privacyPolicy };
  }
}

/**
 * What goes wrong in a window without a crash event of its own: a preload that failed (the page
 * then has no window.candor, and would otherwise fail silently), a page that stops responding,
 * and the page's renderer gone, after which the window is loaded again so it is not left blank.
 */
function watchWindow(window: BrowserWindow, services: Services, self: { name: string; version: string }): void {
  window.webContents.on('preload-error', (_event, preloadPath, error) => {
    services.crashes.record({
      kind: 'renderer-error',
      processType: 'renderer',
      app: self,
      error: {
        name: error.name,
        message: `the preload ${path.basename(preloadPath)} failed: ${error.message}`,
        ...(error.stack === undefined ? {} : { stack: error.stack }),
      },
    });
  });
  window.on('unresponsive', () => {
    services.crashes.record({
      kind: 'renderer-error',
      processType: 'renderer',
      app: self,
      error: { name: 'Unresponsive', message: 'a Candor window stopped responding' },
    });
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
  });
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
  // The crash file this instance was started with, resolved against its own folder: a second
  // instance hands it to the first as additionalData, because the argv the first one receives is
  // reordered by Chromium (switches before positional arguments, electron/electron#20322), may
  // carry more arguments, and is resolved against nobody's folder.
  const handedOver = crashFileArgument(process.argv);
  const handOver: HandOver = handedOver === undefined ? {} : { crashFile: path.resolve(handedOver) };
  if (!app.requestSingleInstanceLock(handOver)) {
    app.quit();
    return;
  }
  // Only in the instance that holds the lock (a second one only hands over and quits), and before
  // any window or child process, so every process started later is watched by Crashpad.
  startNativeCrashReporter(crashReporter, PRODUCT_NAME);

  // electron-vite's dev server, only when the app is run from source.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const entryUrl = devUrl ?? APP_ENTRY_URL;
  const appOrigin = devUrl === undefined ? APP_ORIGIN : originOf(devUrl);
  const dataDir = process.env.CANDOR_HOME ?? app.getPath('userData');
  const services = createServices({
    dataDir,
    startCollector: () => forkUtilityCollector(paths.collector),
    ...desktopVendorSetup(dataDir),
    chooseExportFile,
    // "The user's preferred system languages, most preferred first" (app.getPreferredSystemLanguages).
    preferredLanguages: app.getPreferredSystemLanguages(),
  });
  const self = { name: PRODUCT_NAME, version: PRODUCT_VERSION };
  installProcessHooks(process, { store: services.crashes, app: self, onFatal: () => app.exit(1) });
  const pickup = new MinidumpPickup({
    folders: crashpadDumpFolders(app.getPath('crashDumps'), process.platform),
    store: services.crashes,
    ledgerFile: path.join(dataDir, 'minidumps-taken.json'),
    app: self,
  });
  const pickUpDumps = (): void => {
    try {
      pickup.pickUp();
      // A dump still being written is looked at again once Crashpad has had time to finish it.
      if (pickup.unsettled > 0) setTimeout(pickUpDumps, DUMP_SETTLED_MS).unref();
    } catch (error) {
      process.stderr.write(`candor: could not pick up minidumps: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  watchGoneProcesses(
    app,
    (gone) => {
      services.crashes.record({
        kind: 'process-gone',
        processType: gone.processType,
        app: self,
        exit: { reason: gone.reason, exitCode: gone.exitCode },
      });
      // Crashpad writes the dump a moment after the process is reported gone.
      setTimeout(pickUpDumps, DUMP_SETTLE_MS);
    },
    wasKilledByCandor,
  );
  const takeHandedOverCrash = (file: string | undefined): void => {
    if (file === undefined) return;
    takeCrashFile(file, services.crashes).catch((error: unknown) => {
      process.stderr.write(`candor: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  };
  const inbox = new CrashInbox(path.join(dataDir, 'inbox'), services.crashes);
  const trustedIds = new Set<number>();
  let mainWindow: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => denyNavigation(contents));
  app.on('second-instance', (_event, _argv, _workingDirectory, additionalData) => {
    const parsed = HandOverSchema.safeParse(additionalData);
    if (parsed.success) takeHandedOverCrash(parsed.data.crashFile);
    else process.stderr.write(`candor: a second instance handed over something unreadable: ${parsed.error.message}\n`);
    if (mainWindow === undefined || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    // Every permission is denied but writing to the clipboard, which "Copy support code" needs
    // (navigator.clipboard.writeText asks for clipboard-sanitized-write), and only for the app's own page.
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(permission === 'clipboard-sanitized-write' && details.isMainFrame && originOf(details.requestingUrl) === appOrigin),
    );
    session.defaultSession.setPermissionCheckHandler(
      (_contents, permission, requestingOrigin) => permission === 'clipboard-sanitized-write' && originOf(requestingOrigin) === appOrigin,
    );
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
    const trust = (window: BrowserWindow): BrowserWindow => {
      const contentsId = window.webContents.id;
      trustedIds.add(contentsId);
      window.on('closed', () => trustedIds.delete(contentsId));
      watchWindow(window, services, self);
      return window;
    };
    let dialogWindow: BrowserWindow | undefined;
    // A crash (of the main window's renderer, say) opens the dialog in a window of its own.
    // Subscribed before the previous run's dumps are picked up, so they open it too.
    services.events.subscribe('onCrashPending', () => {
      if (dialogWindow !== undefined && !dialogWindow.isDestroyed()) {
        dialogWindow.focus();
        return;
      }
      dialogWindow = trust(createDialogWindow({ preloadPath: paths.preload, url: entryUrl, title: `${PRODUCT_NAME}: crash report` }));
    });
    pickUpDumps();
    takeHandedOverCrash(handOver.crashFile);
    setInterval(() => void services.flushOutbox().catch(() => undefined), OUTBOX_RETRY_INTERVAL_MS).unref();
    void inbox.start();
    app.on('will-quit', () => inbox.stop());
    mainWindow = trust(createMainWindow({ preloadPath: paths.preload, url: entryUrl, title: PRODUCT_NAME }));
  });
}

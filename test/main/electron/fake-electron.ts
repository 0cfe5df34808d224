import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module, recording how Candor's shell wires it.
 * Only `electron` is replaced; every Candor module under test is the real one.
 */
type Handler = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: Handler | undefined;
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly mainFrame = { parent: null, url: '' };
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
  reloads = 0;
  reload(): void {
    this.reloads++;
  }
}

/** Every call the shell makes, in order, so tests can check what came first. */
export const calls: string[] = [];

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    calls.push('new BrowserWindow');
    FakeBrowserWindow.created.push(this);
    fakeApp.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.created.at(-1) ?? null;
  }
  readonly calls: string[] = [];
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
  }
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  singleInstanceLock = true;
  quitCalls = 0;
  lockData: unknown;
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    calls.push('requestSingleInstanceLock');
    this.lockData = additionalData;
    return this.singleInstanceLock;
  }

  /**
   * A second instance started as `candor --crash-file <file>` from `workingDirectory`, reported as
   * Electron reports it (electron.d.ts, 'second-instance'): Chromium parses `--crash-file <file>`
   * as a switch without a value and a positional argument, moves switches before positional
   * arguments and appends its own (electron/electron#20322), so argv no longer pairs the two; the
   * second instance's additionalData arrives as given.
   */
  emitSecondInstance(crashFile: string, workingDirectory: string, additionalData: unknown): void {
    const argv = ['/opt/Candor/candor', '--crash-file', '--original-process-start-time=13378888888888888', crashFile];
    this.emit('second-instance', { preventDefault: () => undefined }, argv, workingDirectory, additionalData);
  }
  quit(): void {
    this.quitCalls++;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  exitCode: number | undefined;
  /** What app.getPath answers, by name; a test may point one at a real folder. */
  readonly paths = new Map<string, string>();
  /** What the system prefers in the test; Electron answers e.g. ['de-AT', 'en-US']. */
  preferredSystemLanguages = ['de-AT', 'en-US'];
  getPreferredSystemLanguages(): string[] {
    return this.preferredSystemLanguages;
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export const fakeApp = new FakeApp();

export const fakeIpcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
};

export const fakeProtocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Handler>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: Handler): void {
    this.handlers.set(scheme, handler);
  },
};

export const fakeSession = {
  permissionRequestHandler: undefined as Handler | undefined,
  permissionCheckHandler: undefined as Handler | undefined,
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  },
};

export const fakeUtilityProcess = {
  forked: [] as { modulePath: string; options: unknown }[],
  fork(modulePath: string, _args: string[], options: unknown): EventEmitter & { postMessage: () => void; kill: () => boolean } {
    this.forked.push({ modulePath, options });
    // utilityProcess.kill(): "Terminates the process gracefully"; Electron then reports the
    // process gone through app's child-process-gone with reason 'killed' (see the tests).
    return Object.assign(new EventEmitter(), { postMessage: () => undefined, kill: () => true });
  },
};

export const fakeCrashReporter = {
  startOptions: [] as unknown[],
  start(options: unknown): void {
    calls.push('crashReporter.start');
    this.startOptions.push(options);
  },
};

/**
 * dialog.showSaveDialog([window, ]options): resolves `{ canceled, filePath }`, and filePath is ''
 * when the user cancelled (Electron's SaveDialogReturnValue, electron.d.ts of Electron 45).
 */
export const fakeDialog = {
  saveCalls: [] as { window: unknown; options: { defaultPath?: string } }[],
  /** What the user picks next; null cancels. */
  nextSavePath: null as string | null,
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    const [window, options] = args.length === 2 ? args : [undefined, args[0]];
    this.saveCalls.push({ window, options: options as { defaultPath?: string } });
    const chosen = this.nextSavePath;
    return Promise.resolve(chosen === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: chosen });
  },
};

export const fakeElectron = {
  dialog: fakeDialog,
  crashReporter: fakeCrashReporter,
  utilityProcess: fakeUtilityProcess,
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: fakeIpcMain,
  protocol: fakeProtocol,
  session: { defaultSession: fakeSession },
};

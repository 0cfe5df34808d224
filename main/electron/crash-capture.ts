import type { App, CrashReporter } from 'electron';

/**
 * Starts Crashpad for native crashes. Candor decides what is uploaded and when, so Crashpad
 * only writes minidumps: `uploadToServer: false`, no submit URL. Must run before any window
 * or child process exists, or those processes are not monitored.
 */
export function startNativeCrashReporter(reporter: Pick<CrashReporter, 'start'>, productName: string): void {
  reporter.start({ productName, submitURL: '', uploadToServer: false, ignoreSystemCrashHandler: false, rateLimit: false });
}

export interface GoneProcess {
  processType: string;
  reason: string;
  exitCode: number;
}

/** Reports renderer, GPU and utility processes that ended other than cleanly. */
export function watchGoneProcesses(app: Pick<App, 'on'>, onGone: (gone: GoneProcess) => void): void {
  app.on('render-process-gone', (_event, _contents, details) => {
    if (details.reason !== 'clean-exit') onGone({ processType: 'renderer', reason: details.reason, exitCode: details.exitCode });
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit')
      onGone({ processType: details.type.toLowerCase(), reason: details.reason, exitCode: details.exitCode });
  });
}

import type { App, CrashReporter } from 'electron';
import { processTypeName } from '../capture/process-type';

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

/**
 * Reports renderer, GPU and utility processes that ended other than cleanly; not a utility
 * process Candor itself ended (its diagnostics collector past its deadline), which is no crash.
 */
export function watchGoneProcesses(
  app: Pick<App, 'on'>,
  onGone: (gone: GoneProcess) => void,
  killedByCandor: (serviceName: string | undefined, reason: string) => boolean,
): void {
  app.on('render-process-gone', (_event, _contents, details) => {
    if (details.reason !== 'clean-exit') onGone({ processType: 'renderer', reason: details.reason, exitCode: details.exitCode });
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    if (details.type === 'Utility' && killedByCandor(details.serviceName, details.reason)) return;
    onGone({ processType: processTypeName(details.type), reason: details.reason, exitCode: details.exitCode });
  });
}

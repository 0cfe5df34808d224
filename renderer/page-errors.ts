import type { CandorApi } from '../contract/api';
import type { RendererError } from '../contract/crash-event';

/** Error text from the page is capped: a runaway message must not flood the main process. */
const MAX_TEXT = 100_000;

function describeReason(reason: unknown): RendererError['error'] {
  if (reason instanceof Error) {
    return {
      name: reason.name,
      message: reason.message.slice(0, MAX_TEXT),
      ...(reason.stack === undefined ? {} : { stack: reason.stack.slice(0, MAX_TEXT) }),
    };
  }
  let message: string;
  try {
    // JSON.stringify gives undefined for undefined and functions, whatever its type says.
    const json = JSON.stringify(reason) as string | undefined;
    message = typeof reason === 'string' ? reason : (json ?? String(reason));
  } catch {
    message = String(reason);
  }
  return { name: 'NonErrorRejection', message: message.slice(0, MAX_TEXT) };
}

/**
 * Forwards the page's uncaught errors and unhandled rejections. Registered in the page's own
 * world: with contextIsolation the Electron preload runs in an isolated world, and Chromium does
 * not dispatch the page's error events to listeners there (electron/electron#20361), so a preload
 * listener would never hear one. The same code serves the desktop app and the HTTP bridge.
 */
export function forwardPageErrors(target: Window, report: (error: RendererError) => void): void {
  target.addEventListener('error', (event: ErrorEvent) => {
    const fromError: unknown = event.error;
    const error =
      fromError instanceof Error
        ? describeReason(fromError)
        : {
            name: 'Error',
            message: event.message.slice(0, MAX_TEXT),
            stack: `Error: ${event.message}\n    at ${event.filename}:${event.lineno}:${event.colno}`,
          };
    report({ kind: 'renderer-error', error });
  });
  target.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    report({ kind: 'renderer-rejection', error: describeReason(event.reason) });
  });
}

/**
 * Reports the page's errors through `window.candor`, which the preload (or the bridge client)
 * exposes into this world. A failure to report one is not reported again: that is how loops start.
 */
export function reportPageErrors(page: Window & { readonly candor?: CandorApi }): void {
  forwardPageErrors(page, (error) => {
    page.candor?.reportRendererError(error).catch(() => undefined);
  });
}

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
 * Forwards the page's uncaught errors and unhandled rejections. Used by the Electron preload and
 * by the HTTP bridge client alike, so both report the same way.
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

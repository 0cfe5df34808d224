import type { IpcMainInvokeEvent } from 'electron';

/**
 * Origin of a URL the way Chromium sees it. Node reports "null" for non-special schemes
 * such as `candor:`, so the origin is rebuilt from protocol and host.
 */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'invalid:';
  }
}

/**
 * An IPC call is trusted only from a WebContents Candor created, from its main frame,
 * showing the app's own origin; anything else (an iframe, a page it navigated to) is dropped.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trustedWebContentsIds: ReadonlySet<number>,
  appOrigin: string,
): boolean {
  const frame = event.senderFrame;
  if (frame === null || !trustedWebContentsIds.has(event.sender.id)) return false;
  if (frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

import { noticeForLog, type Notice } from '../../contract/notice';

/**
 * Why an upload did not end with a receipt. `retry`: the server or the way to it may recover, try
 * again later. `destination`: the server refused the key, or no destination is set; the report
 * waits until the destination or key changes. `approval`: the destination now configured is not
 * the one the user approved; the report waits until they approve it again. `final`: refused for
 * good, with the server's reason. `reason` is what the user is told.
 */
export type UploadFailure =
  | { kind: 'retry'; reason: Notice; retryAfterMs?: number; status?: number }
  | { kind: 'destination'; reason: Notice; status?: number }
  | { kind: 'approval'; reason: Notice }
  | { kind: 'final'; reason: Notice; status?: number; integrity?: boolean };

/** Refused before a byte went out: no consent record for these bytes, or a destination not allowed. */
export class UploadRefusedError extends Error {
  readonly notice: Notice;

  constructor(notice: Notice) {
    super(noticeForLog(notice));
    this.name = 'UploadRefusedError';
    this.notice = notice;
  }
}

/** Statuses worth trying again later: the server or the way to it may recover. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** What a refusal by HTTP status means for the report, the same for every protocol. */
export function failureForStatus(status: number, reason: Notice, retryAfterMs?: number): UploadFailure {
  if (RETRYABLE_STATUSES.has(status)) return { kind: 'retry', status, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 401 || status === 403) return { kind: 'destination', status, reason };
  return { kind: 'final', status, reason };
}

export function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

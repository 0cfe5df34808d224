/** Why an upload did not end with a receipt, and whether trying again later can help. */
export type UploadFailure =
  | { retry: true; reason: string; retryAfterMs?: number; status?: number }
  | { retry: false; reason: string; status?: number; integrity?: boolean };

/** Refused before a byte went out: no consent record for these bytes, or a destination not allowed. */
export class UploadRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}

import { z } from 'zod';
import { NoticeSchema, noticeForLog, type Notice } from './notice';

/**
 * Every error that crosses IPC or HTTP is reduced to `{ code, name, message }`.
 * Prototypes do not survive contextBridge, so callers compare `code`, never `instanceof`.
 */
export const candorErrorCodes = [
  'invalid-arguments',
  'invalid-result',
  'unknown-method',
  'untrusted-sender',
  'unauthorized',
  'not-found',
  'not-configured',
  'not-allowed',
  'transport',
  'internal',
] as const;

export type CandorErrorCode = (typeof candorErrorCodes)[number];

/**
 * An interface, not an inferred type, so lint rules and editors can name it. `notice` is there when a
 * person is meant to read why (a UI words it in their language); `message` is for logs.
 */
export interface SerializedError {
  code: CandorErrorCode;
  name: string;
  message: string;
  notice?: Notice | undefined;
}

export const SerializedErrorSchema: z.ZodType<SerializedError> = z.object({
  code: z.enum(candorErrorCodes),
  name: z.string(),
  message: z.string(),
  notice: NoticeSchema.optional(),
});

export class CandorError extends Error {
  readonly code: CandorErrorCode;
  readonly notice: Notice | undefined;

  /** With a notice when a person may read it; with a message when only a program or a log will. */
  constructor(code: CandorErrorCode, why: Notice | string) {
    super(typeof why === 'string' ? why : noticeForLog(why));
    this.name = 'CandorError';
    this.code = code;
    this.notice = typeof why === 'string' ? undefined : why;
  }
}

export function isSerializedError(value: unknown): value is SerializedError {
  return SerializedErrorSchema.safeParse(value).success;
}

/** Reduces anything thrown to the shape that may cross a process boundary. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof CandorError || isSerializedError(error)) {
    return { code: error.code, name: error.name, message: error.message, ...(error.notice === undefined ? {} : { notice: error.notice }) };
  }
  if (error instanceof Error) return { code: 'internal', name: error.name, message: error.message };
  return { code: 'internal', name: 'Error', message: String(error) };
}

/** What a call returns across a boundary: the value, or the error as data. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export const CallOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: SerializedErrorSchema }),
]);

import { z } from 'zod';

/**
 * What a service tells a person — why a report was not sent, what a server answered, why a request
 * was refused — as a code and its values, never as words. The UIs word it in the user's language
 * from the catalogues (`notice.<code>`), the CLI in English from the same catalogue; `detail` values
 * are a program's own words (an error code, a parser's complaint) and are shown as they are.
 */
const noticeShapes = [
  // Sending
  z.strictObject({ code: z.literal('no-destination') }),
  z.strictObject({ code: z.literal('destination-changed'), approved: z.string(), current: z.string() }),
  z.strictObject({ code: z.literal('no-consent'), reportId: z.string(), sha256: z.string() }),
  z.strictObject({ code: z.literal('not-a-url'), url: z.string() }),
  z.strictObject({ code: z.literal('url-not-allowed'), url: z.string() }),
  z.strictObject({ code: z.literal('not-a-sentry-dsn'), dsn: z.string() }),
  z.strictObject({ code: z.literal('breakpad-needs-minidump') }),
  z.strictObject({ code: z.literal('unreachable'), origin: z.string(), detail: z.string() }),
  z.strictObject({ code: z.literal('no-valid-receipt'), status: z.number().int() }),
  z.strictObject({ code: z.literal('stored-other-bytes'), serverSha256: z.string(), approvedSha256: z.string() }),
  z.strictObject({ code: z.literal('server-answered'), status: z.number().int() }),
  z.strictObject({ code: z.literal('server-answered-saying'), status: z.number().int(), detail: z.string() }),
  z.strictObject({ code: z.literal('bundle-unreadable'), detail: z.string() }),
  // Deleting and checking what a server keeps
  z.strictObject({ code: z.literal('server-deleted') }),
  z.strictObject({ code: z.literal('server-already-gone') }),
  z.strictObject({ code: z.literal('server-cannot-delete'), protocol: z.string() }),
  z.strictObject({ code: z.literal('server-cannot-read-back'), protocol: z.string() }),
  z.strictObject({ code: z.literal('server-lost-report') }),
  z.strictObject({ code: z.literal('server-copy-identical') }),
  z.strictObject({ code: z.literal('server-copy-differs') }),
  z.strictObject({ code: z.literal('never-received') }),
  z.strictObject({ code: z.literal('deleted-here') }),
  z.strictObject({ code: z.literal('nothing-kept-here') }),
  // Requests the app refuses
  z.strictObject({ code: z.literal('crash-not-waiting') }),
  z.strictObject({ code: z.literal('dump-not-reducible'), detail: z.string() }),
  z.strictObject({ code: z.literal('preview-outdated') }),
  z.strictObject({ code: z.literal('not-in-outbox'), reportId: z.string() }),
  z.strictObject({ code: z.literal('no-bundle-kept'), reportId: z.string() }),
  z.strictObject({ code: z.literal('destination-locked') }),
  z.strictObject({ code: z.literal('destination-invalid'), detail: z.string() }),
  // Written before notices had codes (an outbox kept from an older Candor), or a program's own words
  z.strictObject({ code: z.literal('unexplained'), detail: z.string() }),
] as const;

export const NoticeSchema = z.discriminatedUnion('code', noticeShapes);
export type Notice = z.infer<typeof NoticeSchema>;
export type NoticeCode = Notice['code'];

/** Each notice's value names, in order, so a test can hold the catalogues' messages to them. */
export const NOTICE_VALUE_NAMES: ReadonlyMap<NoticeCode, readonly string[]> = new Map(
  noticeShapes.map((shape) => [shape.shape.code.value, Object.keys(shape.shape).filter((key) => key !== 'code')]),
);

/** Reads a notice as stored, where an older Candor kept its words instead. */
export const StoredNoticeSchema = z.union([NoticeSchema, z.string().transform((detail): Notice => ({ code: 'unexplained', detail }))]);

/** A notice as one line for logs and error messages, where no catalogue is at hand. */
export function noticeForLog(notice: Notice): string {
  const values = Object.entries(noticeValues(notice));
  return values.length === 0 ? notice.code : `${notice.code} (${values.map(([name, value]) => `${name}: ${value}`).join(', ')})`;
}

/** A notice's values, as the catalogue's message takes them. */
export function noticeValues(notice: Notice): Record<string, string | number> {
  return Object.fromEntries(Object.entries(notice).filter(([name]) => name !== 'code'));
}

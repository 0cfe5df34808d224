import { IntlMessageFormat } from 'intl-messageformat';
import { CandorError } from '../contract/errors';
import en from '../contract/messages/en.json' with { type: 'json' };
import { noticeValues, type Notice } from '../contract/notice';

/** A notice in English, worded by the same catalogue message the UIs show. */
export function noticeText(notice: Notice): string {
  return String(new IntlMessageFormat(en[`notice.${notice.code}`], 'en').format(noticeValues(notice)));
}

/** What went wrong, in English: the notice a person is meant to read when the error carries one. */
export function errorText(error: unknown): string {
  if (error instanceof CandorError && error.notice !== undefined) return noticeText(error.notice);
  return error instanceof Error ? error.message : String(error);
}

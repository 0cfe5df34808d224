import { isMessageId, type Translate } from '../../i18n/i18n';

/**
 * Why a process went away, in words: Electron's reasons (`render-process-gone`, `child-process-gone`)
 * are in the catalogues; a reason another program handed over is shown as it came.
 */
export function exitReasonText(reason: string, t: Translate): string {
  const id = `exitReasons.${reason}`;
  return isMessageId(id) ? t(id) : reason;
}

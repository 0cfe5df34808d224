import type { CrashEvent } from '../../../contract/crash-event';
import type { Translate } from '../../i18n/i18n';

/** The process types a sentence names in words; any other is named as it is. */
const NAMED_PROCESSES = ['main', 'browser', 'renderer', 'gpu', 'utility'] as const;
type NamedProcess = (typeof NAMED_PROCESSES)[number];

function isNamedProcess(value: string): value is NamedProcess {
  return (NAMED_PROCESSES as readonly string[]).includes(value);
}

/** The crash in plain words, jargon left for the details: "A window of Example Editor stopped working". */
export function describeCrash(crash: Pick<CrashEvent, 'processType' | 'app' | 'count'>, t: Translate): string {
  const type = crash.processType.toLowerCase();
  const values = { app: crash.app.name, count: crash.count };
  return isNamedProcess(type) ? t(`crashSentence.${type}`, values) : t('crashSentence.other', { ...values, process: crash.processType });
}

import type { CrashEvent } from '../../../contract/crash-event';

const PROCESS_WORDS: Record<string, string> = {
  main: 'the app',
  browser: 'the app',
  renderer: 'a window',
  gpu: 'the graphics process',
  utility: 'a helper process',
};

/** The crash in plain words, jargon left for the details: "A window of Example Editor stopped working". */
export function describeCrash(crash: Pick<CrashEvent, 'processType' | 'app' | 'count'>): string {
  const part = PROCESS_WORDS[crash.processType.toLowerCase()] ?? `a ${crash.processType} process`;
  const subject = part === 'the app' ? crash.app.name : `${part.charAt(0).toUpperCase()}${part.slice(1)} of ${crash.app.name}`;
  const times = crash.count > 1 ? ` (${crash.count} times)` : '';
  return `${subject} stopped working${times}.`;
}

import { randomUUID } from 'node:crypto';
import type { CrashEvent } from '../../contract/crash-event';
import type { NewCrash } from '../../main/capture/crash-store';

/** A crash as a source would report it to the store. */
export function sampleNewCrash(overrides: Partial<NewCrash> = {}): NewCrash {
  return {
    kind: 'exception',
    processType: 'renderer',
    app: { name: 'Example Editor', version: '2.4.1' },
    error: {
      name: 'TypeError',
      message: "Cannot read properties of undefined (reading 'length')",
      stack:
        "TypeError: Cannot read properties of undefined (reading 'length')\n    at countWords (file:///opt/editor/resources/app/editor.js:120:17)\n    at onInput (file:///opt/editor/resources/app/editor.js:80:5)",
    },
    ...overrides,
  };
}

/** A complete crash event, as the store keeps it. */
export function sampleCrashEvent(overrides: Partial<CrashEvent> = {}): CrashEvent {
  const at = new Date('2026-11-29T08:00:00.000Z').toISOString();
  return {
    schema: 'candor.crash/1',
    id: randomUUID(),
    occurredAt: at,
    lastOccurredAt: at,
    count: 1,
    kind: 'exception',
    processType: 'renderer',
    app: { name: 'Example Editor', version: '2.4.1' },
    error: { name: 'TypeError', message: 'boom' },
    signature: 'TypeError at countWords (editor.js)',
    status: 'pending',
    ...overrides,
  };
}

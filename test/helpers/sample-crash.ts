import { randomUUID } from 'node:crypto';
import type { PendingCrash } from '../../contract/pending-crash';

export function sampleCrash(overrides: Partial<PendingCrash> = {}): PendingCrash {
  return {
    id: randomUUID(),
    occurredAt: new Date('2026-11-29T08:00:00.000Z').toISOString(),
    appName: 'Example Editor',
    processType: 'renderer',
    summary: 'The editor window stopped responding and closed.',
    ...overrides,
  };
}

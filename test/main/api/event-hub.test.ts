import { describe, expect, it } from 'vitest';
import { ApiEventHub } from '../../../main/api/event-hub';
import { sampleCrashEvent } from '../../helpers/sample-crash';

describe('ApiEventHub', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const hub = new ApiEventHub();
    const seen: string[] = [];
    const stopA = hub.subscribe('onCrashPending', (crash) => seen.push(`a:${crash.processType}`));
    hub.subscribe('onCrashPending', (crash) => seen.push(`b:${crash.processType}`));
    hub.emit('onCrashPending', sampleCrashEvent({ processType: 'one' }));
    stopA();
    hub.emit('onCrashPending', sampleCrashEvent({ processType: 'two' }));
    expect(seen).toEqual(['a:one', 'b:one', 'b:two']);
  });

  it('refuses to emit a payload that breaks the contract', () => {
    const hub = new ApiEventHub();
    let delivered = false;
    hub.subscribe('onCrashPending', () => {
      delivered = true;
    });
    expect(() => hub.emit('onCrashPending', sampleCrashEvent({ id: 'not-a-uuid' }))).toThrow();
    expect(delivered).toBe(false);
  });
});

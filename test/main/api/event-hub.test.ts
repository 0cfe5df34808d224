import { describe, expect, it } from 'vitest';
import { ApiEventHub } from '../../../main/api/event-hub';
import { sampleCrash } from '../../helpers/sample-crash';

describe('ApiEventHub', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const hub = new ApiEventHub();
    const seen: string[] = [];
    const stopA = hub.subscribe('onCrashPending', (crash) => seen.push(`a:${crash.appName}`));
    hub.subscribe('onCrashPending', (crash) => seen.push(`b:${crash.appName}`));
    hub.emit('onCrashPending', sampleCrash({ appName: 'one' }));
    stopA();
    hub.emit('onCrashPending', sampleCrash({ appName: 'two' }));
    expect(seen).toEqual(['a:one', 'b:one', 'b:two']);
  });

  it('refuses to emit a payload that breaks the contract', () => {
    const hub = new ApiEventHub();
    let delivered = false;
    hub.subscribe('onCrashPending', () => {
      delivered = true;
    });
    expect(() => hub.emit('onCrashPending', sampleCrash({ id: 'not-a-uuid' }))).toThrow();
    expect(delivered).toBe(false);
  });
});

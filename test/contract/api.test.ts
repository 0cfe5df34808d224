import { describe, expect, it } from 'vitest';
import { API_CHANNEL_PREFIX, apiCallNames, apiCalls, apiEventNames, channelOf, isApiCallName, isApiEventName } from '../../contract/api';

describe('the API contract', () => {
  it('derives every channel name from its method name under one prefix', () => {
    for (const name of [...apiCallNames, ...apiEventNames]) {
      expect(channelOf(name)).toBe(`candor:${name}`);
      expect(channelOf(name).startsWith(API_CHANNEL_PREFIX)).toBe(true);
    }
    const channels = new Set([...apiCallNames, ...apiEventNames].map(channelOf));
    expect(channels.size).toBe(apiCallNames.length + apiEventNames.length);
  });

  it('names every event onX and no call onX', () => {
    expect(apiEventNames.length).toBeGreaterThan(0);
    for (const name of apiEventNames) expect(name).toMatch(/^on[A-Z]/);
    for (const name of apiCallNames) expect(name).not.toMatch(/^on[A-Z]/);
  });

  it('recognises only its own method names, not inherited object keys', () => {
    expect(isApiCallName('getAppInfo')).toBe(true);
    expect(isApiCallName('toString')).toBe(false);
    expect(isApiCallName('__proto__')).toBe(false);
    expect(isApiEventName('onCrashPending')).toBe(true);
    expect(isApiEventName('getAppInfo')).toBe(false);
  });

  it('rejects arguments that do not fit a call', () => {
    expect(apiCalls.getAppInfo.args.safeParse([]).success).toBe(true);
    expect(apiCalls.getAppInfo.args.safeParse(['extra']).success).toBe(false);
    expect(apiCalls.dismissPendingCrash.args.safeParse(['not-a-uuid']).success).toBe(false);
  });
});

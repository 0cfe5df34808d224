import { describe, expect, it } from 'vitest';
import { apiCallNames, apiEventNames, type ApiCallName } from '../../contract/api';
import { createCandorApi, type ApiTransport } from '../../contract/client';

function transportAnswering(answer: unknown): ApiTransport & { calls: { name: ApiCallName; args: unknown[] }[] } {
  const calls: { name: ApiCallName; args: unknown[] }[] = [];
  return {
    calls,
    call: (name, args) => {
      calls.push({ name, args });
      return Promise.resolve(answer);
    },
    subscribe: () => () => undefined,
  };
}

describe('createCandorApi', () => {
  it('exposes exactly the contract methods', () => {
    const api = createCandorApi(transportAnswering({ ok: true, value: null }));
    expect(Object.keys(api).sort()).toEqual([...apiCallNames, ...apiEventNames].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('passes the arguments through and resolves with the value', async () => {
    const transport = transportAnswering({ ok: true, value: true });
    const api = createCandorApi(transport);
    await expect(api.dismissPendingCrash('0f8fad5b-d9cb-469f-a165-70867728950e')).resolves.toBe(true);
    expect(transport.calls).toEqual([{ name: 'dismissPendingCrash', args: ['0f8fad5b-d9cb-469f-a165-70867728950e'] }]);
  });

  it('rejects with the plain error shape the services sent', async () => {
    const error = { code: 'not-found', name: 'CandorError', message: 'No such crash' };
    const api = createCandorApi(transportAnswering({ ok: false, error }));
    await expect(api.getPendingCrash()).rejects.toEqual(error);
  });

  it('turns a malformed answer into a transport error', async () => {
    const api = createCandorApi(transportAnswering('<html>oops</html>'));
    await expect(api.getAppInfo()).rejects.toMatchObject({ code: 'transport' });
  });

  it('returns the transport unsubscribe for events', () => {
    let unsubscribed = false;
    const api = createCandorApi({
      call: () => Promise.resolve({ ok: true, value: null }),
      subscribe: () => () => {
        unsubscribed = true;
      },
    });
    const unsubscribe = api.onCrashPending(() => undefined);
    unsubscribe();
    expect(unsubscribed).toBe(true);
  });
});

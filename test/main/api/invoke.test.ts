import { describe, expect, it } from 'vitest';
import { createApiHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { invokeApiCall } from '../../../main/api/invoke';
import { createTestServices } from '../../helpers/services';
import { sampleNewCrash } from '../../helpers/sample-crash';

describe('invokeApiCall', () => {
  it('runs the handler and returns its validated value', async () => {
    const { handlers, crashes } = createTestServices('http');
    const crash = crashes.record(sampleNewCrash());
    await expect(invokeApiCall(handlers, 'getPendingCrash', [])).resolves.toEqual({ ok: true, value: crash });
  });

  it('refuses a method the contract does not declare', async () => {
    const { handlers } = createTestServices('http');
    const outcome = await invokeApiCall(handlers, 'constructor', []);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('refuses arguments that do not match the schema, naming the method', async () => {
    const { handlers } = createTestServices('http');
    for (const args of [['not-a-uuid'], [], 'not-an-array', null]) {
      const outcome = await invokeApiCall(handlers, 'dismissPendingCrash', args);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
      if (!outcome.ok) expect(outcome.error.message).toContain('dismissPendingCrash');
    }
  });

  it('refuses a handler result that breaks the contract', async () => {
    const services = createTestServices('http');
    const broken: ApiHandlers = {
      ...services.handlers,
      getAppInfo: () => Promise.resolve({ name: '' } as never),
    };
    const outcome = await invokeApiCall(broken, 'getAppInfo', []);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-result' } });
  });

  it('serialises a thrown error instead of letting it escape', async () => {
    const services = createTestServices('http');
    const throwing: ApiHandlers = {
      ...createApiHandlers({
        appInfo: () => {
          throw new RangeError('disk on fire');
        },
        crashes: services.crashes,
        reports: services.reports,
        yourData: services.yourData,
        privacyPolicy: services.privacyPolicy,
      }),
    };
    await expect(invokeApiCall(throwing, 'getAppInfo', [])).resolves.toEqual({
      ok: false,
      error: { code: 'internal', name: 'RangeError', message: 'disk on fire' },
    });
  });
});

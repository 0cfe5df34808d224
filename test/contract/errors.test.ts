import { describe, expect, it } from 'vitest';
import { CandorError, isSerializedError, serializeError } from '../../contract/errors';

describe('serializeError', () => {
  it('keeps code, name and message of a CandorError and nothing else', () => {
    const serialized = serializeError(new CandorError('not-found', 'No report 42'));
    expect(serialized).toEqual({ code: 'not-found', name: 'CandorError', message: 'No report 42' });
    expect(Object.keys(serialized).sort()).toEqual(['code', 'message', 'name']);
  });

  it('keeps the notice a person is meant to read, and a log line from it as the message', () => {
    const serialized = serializeError(new CandorError('not-found', { code: 'not-in-outbox', reportId: 'r1' }));
    expect(serialized).toEqual({
      code: 'not-found',
      name: 'CandorError',
      message: 'not-in-outbox (reportId: r1)',
      notice: { code: 'not-in-outbox', reportId: 'r1' },
    });
    expect(isSerializedError(serialized)).toBe(true);
    expect(serializeError(serialized)).toEqual(serialized);
  });

  it('reduces a foreign Error or a thrown value to an internal error', () => {
    expect(serializeError(new TypeError('bad'))).toEqual({ code: 'internal', name: 'TypeError', message: 'bad' });
    expect(serializeError('just a string')).toEqual({ code: 'internal', name: 'Error', message: 'just a string' });
  });

  it('recognises the shape only with a known code', () => {
    expect(isSerializedError({ code: 'internal', name: 'E', message: 'm' })).toBe(true);
    expect(isSerializedError({ code: 'made-up', name: 'E', message: 'm' })).toBe(false);
    expect(isSerializedError(new Error('x'))).toBe(false);
  });
});

import { z } from 'zod';
import { apiCalls, isApiCallName, type ApiCallName } from '../../contract/api';
import { CandorError, serializeError, type CallOutcome } from '../../contract/errors';
import type { ApiHandlers } from './handlers';

/**
 * The one path every API call takes, whatever the transport: the method name and the
 * arguments are checked against the contract, the handler runs, its result is checked
 * too, and any error becomes `{ code, name, message }`.
 */
export async function invokeApiCall(handlers: ApiHandlers, name: string, rawArgs: unknown): Promise<CallOutcome> {
  try {
    if (!isApiCallName(name)) throw new CandorError('unknown-method', `No API method named "${name}"`);
    return { ok: true, value: await runCall(handlers, name, rawArgs) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

async function runCall(handlers: ApiHandlers, name: ApiCallName, rawArgs: unknown): Promise<unknown> {
  const schema = apiCalls[name];
  const args = schema.args.safeParse(rawArgs);
  if (!args.success) {
    throw new CandorError('invalid-arguments', `Invalid arguments for ${name}: ${z.prettifyError(args.error)}`);
  }
  const handler = handlers[name] as (...args: unknown[]) => Promise<unknown>;
  const result = schema.result.safeParse(await handler(...args.data));
  if (!result.success) {
    throw new CandorError('invalid-result', `Invalid result from ${name}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

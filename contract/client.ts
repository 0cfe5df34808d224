import { apiCallNames, apiEventNames, type ApiCallName, type ApiEventName, type CandorApi, type Unsubscribe } from './api';
import { CallOutcomeSchema, type CallOutcome, type SerializedError } from './errors';

/** What a transport (Electron IPC, loopback HTTP) must provide for `window.candor`. */
export interface ApiTransport {
  call(name: ApiCallName, args: unknown[]): Promise<unknown>;
  subscribe(name: ApiEventName, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds `window.candor` over a transport. A failed call rejects with a plain
 * `{ code, name, message }` object, because an Error's own fields do not survive contextBridge.
 */
export function createCandorApi(transport: ApiTransport): CandorApi {
  const api: Record<string, unknown> = {};
  for (const name of apiCallNames) {
    api[name] = async (...args: unknown[]) => unwrap(name, await transport.call(name, args));
  }
  for (const name of apiEventNames) {
    api[name] = (listener: (payload: unknown) => void): Unsubscribe => transport.subscribe(name, listener);
  }
  return Object.freeze(api) as CandorApi;
}

function unwrap(name: ApiCallName, raw: unknown): unknown {
  const parsed = CallOutcomeSchema.safeParse(raw);
  if (!parsed.success) {
    const error: SerializedError = {
      code: 'transport',
      name: 'CandorError',
      message: `Malformed answer to ${name} from the Candor services`,
    };
    throw error;
  }
  const outcome: CallOutcome = parsed.data;
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

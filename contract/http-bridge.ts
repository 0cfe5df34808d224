import type { ApiCallName } from './api';

/** The HTTP bridge's routes and headers, shared by its server and its browser client. */
export const BRIDGE_SECRET_META = 'candor-bridge-secret';
export const BRIDGE_SECRET_HEADER = 'x-candor-secret';
export const BRIDGE_CLIENT_PATH = '/candor-bridge.js';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_CALL_PREFIX = '/api/call/';

export function bridgeCallPath(name: ApiCallName): string {
  return `${BRIDGE_CALL_PREFIX}${name}`;
}

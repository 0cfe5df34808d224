import '../contract/zod-config';
import type { ApiEventName } from '../contract/api';
import { createCandorApi } from '../contract/client';
import { BRIDGE_EVENTS_PATH, BRIDGE_SECRET_HEADER, BRIDGE_SECRET_META, bridgeCallPath } from '../contract/http-bridge';

/**
 * The browser-side counterpart of the Electron preload, loaded only by the HTTP bridge:
 * it provides the same `window.candor` over loopback HTTP, so the renderer code is identical.
 */
const secret = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_SECRET_META}"]`)?.content ?? '';

const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
let source: EventSource | undefined;
/**
 * Settles when the event stream is connected. Calls made after a subscription wait for it, so
 * an event cannot fall between a call's answer and the stream opening (IPC has no such gap).
 */
let streamOpen: Promise<void> = Promise.resolve();

function ensureEventSource(): void {
  if (source !== undefined) return;
  const opening = new EventSource(`${BRIDGE_EVENTS_PATH}?secret=${encodeURIComponent(secret)}`);
  source = opening;
  streamOpen = new Promise((resolve) => {
    opening.addEventListener('open', () => resolve(), { once: true });
    // A stream that cannot open must not hold the calls back.
    opening.addEventListener('error', () => resolve(), { once: true });
  });
  opening.addEventListener('message', (message: MessageEvent<string>) => {
    const { name, payload } = JSON.parse(message.data) as { name: ApiEventName; payload: unknown };
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });
}

const api = createCandorApi({
  call: async (name, args) => {
    await streamOpen;
    const response = await fetch(bridgeCallPath(name), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [BRIDGE_SECRET_HEADER]: secret },
      body: JSON.stringify(args),
    });
    return (await response.json()) as unknown;
  },
  subscribe: (name, listener) => {
    ensureEventSource();
    let set = listeners.get(name);
    if (set === undefined) {
      set = new Set();
      listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  },
});

Object.defineProperty(window, 'candor', { value: api, writable: false, configurable: false });

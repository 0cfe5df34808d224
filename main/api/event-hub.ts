import { apiEvents, type ApiEventName, type ApiEventPayload, type Unsubscribe } from '../../contract/api';

type Listener<K extends ApiEventName> = (payload: ApiEventPayload<K>) => void;

/**
 * Fans service events out to every transport (Electron IPC, the HTTP bridge).
 * Payloads are validated once here, so no transport forwards a malformed event.
 */
export class ApiEventHub {
  private readonly listeners = new Map<ApiEventName, Set<Listener<ApiEventName>>>();

  emit<K extends ApiEventName>(name: K, payload: ApiEventPayload<K>): void {
    const parsed = apiEvents[name].parse(payload) as ApiEventPayload<K>;
    for (const listener of this.listeners.get(name) ?? []) listener(parsed);
  }

  subscribe<K extends ApiEventName>(name: K, listener: Listener<K>): Unsubscribe {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const stored = listener as Listener<ApiEventName>;
    set.add(stored);
    return () => set.delete(stored);
  }
}

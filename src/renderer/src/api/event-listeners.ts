/** The event subscriptions every bridge keeps: `on` adds a callback for one event, `emit` calls them all. */
import type { DatalakeBridge } from '#shared/contract';

export interface EventListeners {
  on: DatalakeBridge['on'];
  emit(event: string, payload: unknown): void;
}

export function createEventListeners(): EventListeners {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const fn = cb as (payload: unknown) => void;
      set.add(fn);
      return () => set.delete(fn);
    },
    emit(event, payload) {
      for (const cb of listeners.get(event) ?? []) cb(payload);
    },
  };
}

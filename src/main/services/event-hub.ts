/** Fans pushed events (contract `events`) out to every host listener: the Electron window, WebSocket clients. */
import type { EventName, EventPayload } from '#shared/contract';

export type Emit = <N extends EventName>(event: N, payload: EventPayload<N>) => void;
export type EventListener = (event: EventName, payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  readonly emit: Emit = (event, payload) => {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        // One broken listener (a closed socket) must not stop the others.
        console.error(`event listener failed for ${event}:`, err);
      }
    }
  };

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * A bridge to the real dispatcher in the same process, for renderer component tests: every call goes through
 * `dispatch` (contract validation, handlers, envelopes) and every event comes from `services.events`, as
 * the Electron and web hosts wire them. Inputs, envelopes and event payloads cross as JSON, like WebSocket
 * frames do, so a component sees exactly what it would see over a real transport.
 */
import type { CallInput, CallName, CallOutput, DatalakeBridge, Envelope } from '#shared/contract';
import type { CallContext, Dispatcher, EventHub } from '../main/services';
import { createEventListeners } from '../renderer/src/api/event-listeners';

export interface InProcessBridgeOptions {
  dispatcher: Dispatcher;
  /** Where the services push their events (`services.events`). */
  events: EventHub;
  /** Names this client in the call context, as a window or socket id does in the hosts. */
  clientId?: string;
}

export interface InProcessBridge extends DatalakeBridge {
  /** Stops events; calls made afterwards answer an error envelope instead of reaching closed services. */
  close(): void;
}

const CLOSED = 'The in-process host was closed.';

export function createInProcessBridge(options: InProcessBridgeOptions): InProcessBridge {
  const { dispatcher, events } = options;
  const listeners = createEventListeners();
  let closed = false;

  /** Hands an event to the renderer's listeners on a later turn, as an IPC message or socket frame arrives. */
  const deliver = (event: string, payload: unknown) => {
    const frame = wire(payload);
    queueMicrotask(() => {
      if (!closed) listeners.emit(event, frame);
    });
  };

  // What a host knows about its client, built in one place for every call.
  const context: CallContext = { host: 'web', client: options.clientId ?? 'in-process' };

  const unsubscribe = events.subscribe(deliver);

  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>> {
      if (closed) return { ok: false, error: { code: 'INTERNAL', message: CLOSED, details: { call: name } } };
      const envelope = await dispatcher.dispatch(name, wire(input), context);
      return wire(envelope) as Envelope<CallOutput<N>>;
    },
    on: listeners.on,
    close() {
      closed = true;
      unsubscribe();
    },
  };
}

/** What survives a JSON frame (dates become strings, undefined fields disappear). */
function wire<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

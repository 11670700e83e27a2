/**
 * A bridge to the real dispatcher in the same process, for renderer component tests. Like a window or a
 * socket in the hosts, it is one client session: every call goes through `dispatch` (contract validation,
 * handlers, envelopes) with that session in its context, and the session receives the events addressed to
 * it and the broadcasts. Inputs, envelopes and event payloads cross as JSON, like WebSocket frames do, so a
 * component sees exactly what it would see over a real transport.
 */
import type { CallInput, CallName, CallOutput, DatalakeBridge, Envelope } from '#shared/contract';
import type { CallContext, Dispatcher, SessionHub } from '../main/services';
import { createEventListeners } from '../renderer/src/api/event-listeners';

export interface InProcessBridgeOptions {
  dispatcher: Dispatcher;
  /** The services' client sessions (`services.sessions`): the bridge opens one, as a host does per client. */
  sessions: SessionHub;
  /** The session id, as a host names a window or a socket (unique among open sessions). */
  clientId?: string;
}

export interface InProcessBridge extends DatalakeBridge {
  readonly sessionId: string;
  /**
   * Ends the session (what it owned is released, as when a window closes); calls made afterwards answer an
   * error envelope instead of reaching the services.
   */
  close(): Promise<void>;
}

const CLOSED = 'The in-process host was closed.';
let nextClient = 1;

export function createInProcessBridge(options: InProcessBridgeOptions): InProcessBridge {
  const { dispatcher } = options;
  const listeners = createEventListeners();
  let closed = false;

  // Events reach the renderer on a later turn, as an IPC message or a socket frame arrives.
  const session = options.sessions.open(
    options.clientId ?? `in-process-${nextClient++}`,
    (event, payload) => {
      const frame = wire(payload);
      queueMicrotask(() => {
        if (!closed) listeners.emit(event, frame);
      });
    },
  );

  // What a host knows about its client, built in one place for every call.
  const context: CallContext = { host: 'web', session };

  return {
    sessionId: session.id,
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>> {
      if (closed) return { ok: false, error: { code: 'INTERNAL', message: CLOSED, details: { call: name } } };
      const envelope = await dispatcher.dispatch(name, wire(input), context);
      return wire(envelope) as Envelope<CallOutput<N>>;
    },
    on: listeners.on,
    async close() {
      closed = true;
      await session.dispose();
    },
  };
}

/** What survives a JSON frame (dates become strings, undefined fields disappear). */
function wire<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

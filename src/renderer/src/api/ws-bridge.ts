/**
 * The web host transport: one WebSocket, JSON frames as in the shared design
 * (`{type:'call',id,name,input}` → `{type:'result',id,envelope}`, plus `{type:'event',name,payload}`).
 * Reconnects with backoff; calls made while disconnected wait for the socket, and calls in flight when it
 * drops are answered with an error envelope instead of hanging.
 */
import type { CallInput, CallName, CallOutput, DatalakeBridge, Envelope } from '#shared/contract';
import { readServerFrame } from '#shared/contract/frames';
import { createEventListeners } from './event-listeners';

const TOKEN_KEY = 'datalake-browser.token';

/** Reads `?token=` once, keeps it for reloads in sessionStorage, and takes it out of the address bar. */
export function readSessionToken(): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
      params.delete('token');
      const rest = params.toString();
      history.replaceState(
        history.state,
        '',
        `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`,
      );
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export interface WebSocketBridgeOptions {
  url: string;
  /** For tests outside a browser (e.g. the `ws` package in Node). */
  WebSocketImpl?: typeof WebSocket;
  maxBackoffMs?: number;
}

type EventSchemas = typeof import('#shared/contract/events');
type Pending = { frame: string; sent: boolean; resolve: (envelope: Envelope<unknown>) => void };

const LOST = 'The connection to the Datalake Browser host was lost. Check that it is still running.';
const REFUSED =
  'Could not connect to the Datalake Browser host. Open the full address printed by `npm run serve` ' +
  '(it includes ?token=...), and check that the host is still running.';

export interface WebSocketBridge extends DatalakeBridge {
  close(): void;
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const pending = new Map<number, Pending>();
  const emitter = createEventListeners();
  // Event schemas load beside the first calls, not before them (the first screen needs no event). Frames
  // are handled in order through `frames`, so an event waiting for its schema also holds the frames after it.
  let schemas: EventSchemas | undefined;
  let loading: Promise<void> | undefined;
  let frames: Promise<void> = Promise.resolve();
  let waiting = 0;
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempts = 0;
  let closed = false;

  const connect = () => {
    if (closed) return;
    const ws = new Impl(options.url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempts = 0;
      for (const waiter of pending.values()) {
        if (waiter.sent) continue;
        ws.send(waiter.frame);
        waiter.sent = true;
      }
    };
    ws.onmessage = (event: MessageEvent) => receive(String(event.data));
    // A failed connection is followed by `close`, which handles it; without this, Node's `ws` would throw.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      // A socket that never opened was refused (bad token, host gone): answer every waiting call now,
      // after the frames that arrived before the close (a result queued behind an event is an answer).
      afterFrames(() => failPending(opened ? LOST : REFUSED, !opened));
      if (closed) return;
      attempts += 1;
      setTimeout(connect, Math.min(maxBackoff, 250 * 2 ** Math.min(attempts, 5)));
    };
  };

  /** Queues work behind the frames still waiting (an event's schemas loading). */
  const queue = (work: () => Promise<void> | undefined | void) => {
    waiting += 1;
    frames = frames
      .then(work)
      .catch((err) => console.error('A frame from the host could not be handled.', err))
      .finally(() => {
        waiting -= 1;
      });
  };
  const afterFrames = (work: () => void) => (waiting > 0 ? queue(work) : work());

  const receive = (text: string) => {
    if (waiting > 0) return queue(() => handleFrame(text));
    const later = handleFrame(text);
    if (later) queue(() => later);
  };

  /** Handles one frame; answers a promise only for an event whose schemas are still loading. */
  const handleFrame = (text: string): Promise<void> | undefined => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      console.error('The host sent a frame that is not JSON; it was ignored.');
      return;
    }
    const frame = readServerFrame(raw);
    if (!frame) {
      console.error('The host sent a frame outside the contract; it was ignored.', raw);
      return;
    }
    if (frame.type === 'result') {
      if (frame.id === null) return; // an answer to a frame the host could not read: nobody waits for it
      const waiter = pending.get(frame.id);
      if (!waiter) return;
      pending.delete(frame.id);
      waiter.resolve(frame.envelope);
      return;
    }
    if (schemas) return emitEvent(schemas, frame.name, frame.payload);
    loading ??= import('#shared/contract/events').then(
      (loaded) => {
        schemas = loaded;
      },
      (err) => {
        loading = undefined; // a later event tries again
        throw err;
      },
    );
    return loading.then(() => schemas && emitEvent(schemas, frame.name, frame.payload));
  };

  const emitEvent = (loaded: EventSchemas, name: string, data: unknown): undefined => {
    if (!loaded.isEventName(name)) return;
    const payload = loaded.events[name].safeParse(data);
    if (payload.success) emitter.emit(name, payload.data as never);
    else console.error(`The host sent a ${name} event outside the contract; it was ignored.`);
  };

  const failPending = (message: string, includeUnsent: boolean) => {
    for (const [id, waiter] of pending) {
      if (!waiter.sent && !includeUnsent) continue;
      pending.delete(id);
      waiter.resolve({
        ok: false,
        error: { code: 'INTERNAL', message, details: { transport: 'websocket' } },
      });
    }
  };

  connect();

  return {
    call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>> {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'call', id, name, input });
      return new Promise((resolve) => {
        const waiter: Pending = { frame, sent: false, resolve: resolve as Pending['resolve'] };
        pending.set(id, waiter);
        if (socket && socket.readyState === Impl.OPEN) {
          socket.send(frame);
          waiter.sent = true;
        }
      });
    },
    on: emitter.on,
    close() {
      closed = true;
      socket?.close();
      afterFrames(() => failPending('The client was closed.', true));
    },
  };
}

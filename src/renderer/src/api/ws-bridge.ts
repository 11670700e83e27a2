/**
 * The web host transport: one WebSocket, JSON frames as in the shared design
 * (`{type:'call',id,name,input}` → `{type:'result',id,envelope}`, plus `{type:'event',name,payload}`).
 * Reconnects with backoff; calls made while disconnected wait for the socket, and calls in flight when it
 * drops are answered with an error envelope instead of hanging.
 */
import {
  type CallInput,
  type CallName,
  type CallOutput,
  type DatalakeBridge,
  type Envelope,
  events,
  isEventName,
  serverFrameSchema,
} from '#shared/contract';
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
    ws.onmessage = (event: MessageEvent) => handleFrame(String(event.data));
    // A failed connection is followed by `close`, which handles it; without this, Node's `ws` would throw.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      // A socket that never opened was refused (bad token, host gone): answer every waiting call now.
      failPending(opened ? LOST : REFUSED, !opened);
      if (closed) return;
      attempts += 1;
      setTimeout(connect, Math.min(maxBackoff, 250 * 2 ** Math.min(attempts, 5)));
    };
  };

  const handleFrame = (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      console.error('The host sent a frame that is not JSON; it was ignored.');
      return;
    }
    const parsed = serverFrameSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('The host sent a frame outside the contract; it was ignored.', parsed.error.issues);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'result') {
      if (frame.id === null) return; // an answer to a frame the host could not read: nobody waits for it
      const waiter = pending.get(frame.id);
      if (!waiter) return;
      pending.delete(frame.id);
      waiter.resolve(frame.envelope);
    } else if (isEventName(frame.name)) {
      const payload = events[frame.name].safeParse(frame.payload);
      if (payload.success) emitter.emit(frame.name, payload.data);
      else console.error(`The host sent a ${frame.name} event outside the contract; it was ignored.`);
    }
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
      failPending('The client was closed.', true);
    },
  };
}

/**
 * The web transport's frame handling with a scripted socket: event schemas load on the first event, and
 * frames still take effect in the order they arrived (a result never overtakes an event before it, and a
 * close never overtakes a result that arrived before it); an event outside its schema is dropped. The transport over the real web host: src/integration/ws-client.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketBridge } from './ws-bridge';

/** Just enough of a WebSocket: opens at once, records what is sent, and lets the test push frames. */
class ScriptedSocket {
  static readonly OPEN = 1;
  static last: ScriptedSocket | undefined;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    ScriptedSocket.last = this;
    queueMicrotask(() => {
      this.readyState = ScriptedSocket.OPEN;
      this.onopen?.();
    });
  }
  send(frame: string) {
    this.sent.push(frame);
  }
  close() {}
  push(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const open = async () => {
  const bridge = createWebSocketBridge({
    url: 'ws://test',
    WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket,
  });
  await new Promise((r) => setTimeout(r, 0));
  const socket = ScriptedSocket.last;
  if (!socket) throw new Error('no socket');
  return { bridge, socket };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the web transport', () => {
  it('answers a call at once, and keeps an event and the result after it in order', async () => {
    const { bridge, socket } = await open();
    const seen: string[] = [];
    bridge.on('connections.changed', (p) => seen.push(`event ${p.activeId}`));

    const first = bridge.call('app.info', {} as never);
    socket.push({ type: 'result', id: 1, envelope: { ok: true, data: 'one' } });
    expect(await first).toEqual({ ok: true, data: 'one' });

    const second = bridge.call('app.info', {} as never).then((e) => seen.push(`result ${String(e.ok)}`));
    // The event's schemas are not loaded yet: the result pushed after it must still come second.
    socket.push({ type: 'event', name: 'connections.changed', payload: { activeId: 'b' } });
    socket.push({ type: 'result', id: 2, envelope: { ok: true, data: 'two' } });
    await second;
    expect(seen).toEqual(['event b', 'result true']);
    bridge.close();
  });

  it('delivers a result that arrived before the socket closed, even behind a waiting event', async () => {
    const { bridge, socket } = await open();
    const call = bridge.call('app.info', {} as never);
    socket.push({ type: 'event', name: 'connections.changed', payload: { activeId: 'c' } });
    socket.push({ type: 'result', id: 1, envelope: { ok: true, data: 'arrived' } });
    socket.onclose?.();
    expect(await call).toEqual({ ok: true, data: 'arrived' });
    bridge.close();
  });

  it('drops an event outside its schema and delivers the next one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { bridge, socket } = await open();
    const seen: string[] = [];
    bridge.on('connections.changed', (p) => seen.push(p.activeId));
    socket.push({ type: 'event', name: 'connections.changed', payload: { activeId: 3 } });
    socket.push({ type: 'event', name: 'connections.changed', payload: { activeId: 'ok' } });
    socket.push({ type: 'bogus' });
    await vi.waitFor(() => expect(seen).toEqual(['ok']));
    expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
      'The host sent a connections.changed event outside the contract; it was ignored.',
      'The host sent a frame outside the contract; it was ignored.',
    ]);
    bridge.close();
  });
});

/**
 * Client sessions over the real web host, with the renderer's own WebSocket client: two clients see only
 * their own job events and cursors, broadcasts reach both, and a socket that drops releases its cursors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventName } from '#shared/contract';
import { NotFoundError } from '#shared/errors';
import { startWebHost, type WebHost } from '../main/web-host/server';
import { createClient, type DatalakeClient } from '../renderer/src/api/client';
import { createWebSocketBridge, type WebSocketBridge } from '../renderer/src/api/ws-bridge';
import { testMongoUri, uniqueName } from '../test-support/env';

let root: string;
let host: WebHost;

interface TestClient {
  client: DatalakeClient;
  bridge: WebSocketBridge;
  events: Array<{ event: EventName; payload: any }>;
  sessionId: string;
}

async function connect(): Promise<TestClient> {
  const bridge = createWebSocketBridge({
    url: `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffMs: 200,
  });
  const client = createClient(bridge, 'web');
  const events: TestClient['events'] = [];
  for (const name of ['job.progress', 'job.done', 'connections.changed'] as const) {
    client.on(name, (payload) => events.push({ event: name, payload }));
  }
  const { sessionId } = await client.call('app.session', {});
  return { client, bridge, events, sessionId };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-sessions-'));
  host = await startWebHost({ dataDir: join(root, 'data'), progressIntervalMs: 20, log: () => {} });
});
afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

describe('client sessions over the web host', () => {
  it('sends job events only to the client that started the job', async () => {
    const a = await connect();
    const b = await connect();
    expect(a.sessionId).not.toBe(b.sessionId);
    const { jobId } = await a.client.call('sample.load', { images: 8 });
    await expect
      .poll(() => a.events.filter((e) => e.event === 'job.done').length, { timeout: 60_000 })
      .toBe(1);
    expect(a.events.find((e) => e.event === 'job.done')!.payload).toMatchObject({
      jobId,
      kind: 'sample.load',
      status: 'succeeded',
      result: { images: 8 },
    });
    expect(a.events.some((e) => e.event === 'job.progress')).toBe(true);
    expect(b.events).toEqual([]);
    expect((await b.client.call('jobs.list', {})).jobs).toEqual([]);
    await expect(b.client.call('jobs.get', { jobId })).rejects.toBeInstanceOf(NotFoundError);
    a.bridge.close();
    b.bridge.close();
  });

  it('keeps cursors to their client and releases them when its socket drops', async () => {
    const a = await connect();
    const b = await connect();
    const { cursorId, columns } = await a.client.call('query.open', {
      query: [{ 'data.type': 'image', column: 'image_id' }],
    });
    expect(columns).toEqual(['image_id']);
    await expect(b.client.call('query.next', { cursorId })).rejects.toBeInstanceOf(NotFoundError);
    const first = await a.client.call('query.next', { cursorId, maxRows: 3 });
    expect(first.rows).toHaveLength(3);
    expect(host.services.cursors.openIds(a.sessionId)).toEqual([cursorId]);

    a.bridge.close(); // the socket drops
    await expect.poll(() => host.services.sessions.get(a.sessionId), { timeout: 5000 }).toBeUndefined();
    expect(host.services.cursors.openIds(a.sessionId)).toEqual([]);
    // B is untouched.
    expect(host.services.sessions.get(b.sessionId)).toBeDefined();
    b.bridge.close();
  });

  it('broadcasts a change of the active connection to every client', async () => {
    const a = await connect();
    const b = await connect();
    const added = await a.client.call('connections.add', {
      name: 'Sessions test',
      kind: 'mongodb',
      uri: testMongoUri(),
      dbName: uniqueName('sessions'),
    });
    await a.client.call('connections.activate', { id: added.id });
    for (const c of [a, b]) {
      await expect
        .poll(() => c.events.filter((e) => e.event === 'connections.changed').map((e) => e.payload))
        .toEqual([{ activeId: added.id }]);
    }
    await b.client.call('connections.activate', { id: 'embedded' });
    await expect.poll(() => a.events.filter((e) => e.event === 'connections.changed').length).toBe(2);
    a.bridge.close();
    b.bridge.close();
  });
});

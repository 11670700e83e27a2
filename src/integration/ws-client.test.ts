/**
 * The renderer's client over the real web host (WebSocket frames, token, events): outputs typed by the
 * contract, error envelopes turned back into the typed error classes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventPayload } from '#shared/contract';
import { InvalidInputError, NotFoundError } from '#shared/errors';
import { startWebHost, type WebHost } from '../main/web-host/server';
import { createClient } from '../renderer/src/api/client';
import { createWebSocketBridge, type WebSocketBridge } from '../renderer/src/api/ws-bridge';

let root: string;
let host: WebHost;
const bridges: WebSocketBridge[] = [];

const connect = (token: string) => {
  const bridge = createWebSocketBridge({
    url: `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(token)}`,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffMs: 200,
  });
  bridges.push(bridge);
  return bridge;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-client-'));
  host = await startWebHost({ dataDir: join(root, 'data'), progressIntervalMs: 20, log: () => {} });
});

afterAll(async () => {
  for (const b of bridges) b.close();
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

describe('client over the web host', () => {
  it('calls through the WebSocket and gets the contract output', async () => {
    const client = createClient(connect(host.token), 'web');
    const info = await client.call('app.info', {});
    expect(info.host).toBe('web');
    expect(info.secretStorage.encrypted).toBe(false);
    const { connections, activeId } = await client.call('connections.list', {});
    expect(connections.find((c) => c.id === activeId)?.kind).toBe('embedded');
  });

  it('turns error envelopes into typed errors', async () => {
    const client = createClient(connect(host.token), 'web');
    const err = await client.call('connections.activate', { id: 'no-such-connection' }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    const bad = await client.call('connections.test', {} as never).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(bad.message).toMatch(/connections\.test/);
  });

  it('answers every waiting call when the token is refused, instead of hanging', async () => {
    const client = createClient(connect('wrong-token'), 'web');
    const err = await client.call('app.info', {}).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/Could not connect to the Datalake Browser host/);
  });

  it('delivers job events pushed by the host', async () => {
    const bridge = connect(host.token);
    const client = createClient(bridge, 'web');
    const progress: EventPayload<'job.progress'>[] = [];
    const done = new Promise<EventPayload<'job.done'>>((resolve) => {
      client.on('job.done', resolve);
    });
    const off = client.on('job.progress', (p) => progress.push(p));
    const { jobId } = await client.call('sample.load', { images: 8 });
    const finished = await done;
    off();
    expect(finished).toMatchObject({ jobId, kind: 'sample.load', status: 'succeeded' });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.jobId === jobId)).toBe(true);
    const overview = await client.call('overview.get', {});
    expect(overview.estimatedCount).toBeGreaterThan(0);
  });
});

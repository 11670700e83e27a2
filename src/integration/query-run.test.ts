/**
 * The results feature's run store over the real web host, with the renderer's own WebSocket client: rows
 * stream through the cursor exactly as the engine returns them, pulls stop where the grid stops, Cancel
 * closes the cursor on the host, and refused queries and a host gone mid-query end in an error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { QueryValidationError } from '#shared/errors';
import type { Row } from '#shared/query/types';
import { startWebHost, type WebHost } from '../main/web-host/server';
import { createClient, setClient } from '../renderer/src/api/client';
import { createWebSocketBridge, type WebSocketBridge } from '../renderer/src/api/ws-bridge';
import { INITIAL_DEMAND } from '../renderer/src/features/results/pull-policy';
import { useQueryRun } from '../renderer/src/features/results/query-run-store';

let root: string;
let host: WebHost;
let bridge: WebSocketBridge;
let sessionId: string;

const MANY = 12_000;
const PROJECT = 'many';
const manyQuery = { 'metadata.project': PROJECT, column: 'item' };

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const run = () => useQueryRun.getState();
const openCursors = () => host.services.cursors.openIds(sessionId);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-query-run-'));
  host = await startWebHost({ dataDir: join(root, 'data'), progressIntervalMs: 20, log: () => {} });
  bridge = createWebSocketBridge({
    url: `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffMs: 200,
  });
  const client = createClient(bridge, 'web');
  setClient(client);
  sessionId = (await client.call('app.session', {})).sessionId;
  const started = await client.call('sample.load', {});
  for (;;) {
    const job = await client.call('jobs.get', { jobId: started.jobId });
    if (job.status === 'succeeded') break;
    if (job.status !== 'running') throw new Error(`the sample dataset did not load: ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await host.services.connections.withDatalake((dl) =>
    dl.addData(
      Array.from({ length: MANY }, (_, i) => ({ data: { type: 'note', i }, metadata: { project: PROJECT } })),
    ),
  );
}, 180_000);

afterAll(async () => {
  bridge?.close();
  await host?.close().catch(() => {});
  await rm(root, { recursive: true, force: true });
});

describe('query runs through the cursor', () => {
  it('streams the rows the engine returns for the same query, with the funnel complete at the end', async () => {
    const query = [
      { 'data.type': 'image', column: 'image' },
      { derived_from: 'image', 'data.type': 'classification', column: 'label' },
      { derived_from: 'label', 'data.type': 'bbox', column: 'bbox', strategy: 'missing' },
    ];
    await run().run(query);
    const expected = (await host.services.connections.withDatalake((dl) => dl.queryData(query))) as Row[];
    expect(run().status).toBe('done');
    expect(expected.length).toBeGreaterThan(0);
    expect(run().rows).toEqual(expected);
    expect(run().columns).toEqual(['image', 'label']);
    expect(run().stats?.complete).toBe(true);
    expect(run().stats?.survivors[2]).toBe(expected.length);
    expect(run().stages.map((s) => s.column)).toEqual(['image', 'label', 'bbox']);
    expect(run().timing?.firstRows).not.toBeNull();
    expect(openCursors()).toEqual([]);
  });

  it('pulls only as far as the grid wants, more as it scrolls, and everything with Load all', async () => {
    void run().run(manyQuery);
    await until('the run waits for the grid', () => run().waiting);
    const held = run().rows.length;
    expect(held).toBeGreaterThanOrEqual(INITIAL_DEMAND);
    expect(held).toBeLessThan(MANY);
    expect(run().status).toBe('running');
    expect(run().stats?.complete).toBe(false); // the funnel's counts are lower bounds meanwhile
    expect(openCursors()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(run().rows.length).toBe(held); // nothing is pulled while the grid stays where it is

    run().reportVisible(held - 1);
    await until('more rows arrive', () => run().rows.length > held);
    run().setLoadAll();
    await until('the run completes', () => run().status === 'done');
    const expected = (await host.services.connections.withDatalake((dl) => dl.queryData(manyQuery))) as Row[];
    expect(run().rows).toEqual(expected);
    expect(run().stats).toEqual({ survivors: [MANY], complete: true });
    expect(openCursors()).toEqual([]);
  });

  it('after the first rows, waits for the grid to ask for their values before it pulls again', async () => {
    const client = createClient(bridge, 'web');
    const calls: string[] = [];
    setClient({
      ...client,
      call: (name, input) => {
        calls.push(name);
        return client.call(name, input);
      },
    });
    try {
      // Nobody asks: the next pull waits the whole grace period (a timer never fires early).
      void run().run(manyQuery);
      await until('the first rows arrive', () => run().rows.length > 0);
      const firstAt = performance.now();
      const first = run().rows.length;
      await until('more rows arrive', () => run().rows.length > first);
      expect(performance.now() - firstAt).toBeGreaterThanOrEqual(280); // 300 ms less the polling step
      await run().cancel();

      // The grid asks: the next pull leaves at once, behind the grid's lookups.
      calls.length = 0;
      void run().run(manyQuery);
      await until('the first rows arrive', () => run().rows.length > 0);
      expect(calls.filter((c) => c === 'query.next')).toHaveLength(1);
      run().valuesAsked();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      expect(calls.filter((c) => c === 'query.next')).toHaveLength(2);
      await run().cancel();
    } finally {
      setClient(client);
    }
  });

  it('Cancel closes the cursor on the host and keeps the rows received', async () => {
    void run().run(manyQuery);
    await until('the first rows arrive', () => run().rows.length > 0);
    await run().cancel();
    expect(run().status).toBe('cancelled');
    expect(openCursors()).toEqual([]);
    const kept = run().rows.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(MANY);
    run().setLoadAll(); // a cancelled run pulls nothing more, whatever is asked
    await new Promise((r) => setTimeout(r, 300));
    expect(run().rows.length).toBe(kept);
  });

  it('ends with the engine’s validation error, and Retry runs the same query again', async () => {
    const bad = [{ column: 'image' }, { derived_from: 'image', column: 'label', strategy: 'invalid' }];
    await run().run(bad);
    expect(run().status).toBe('error');
    expect(run().error).toBeInstanceOf(QueryValidationError);
    expect(run().error?.message).toBe('Invalid strategy: invalid');
    const before = run().runId;
    await run().retry();
    expect(run().runId).toBe(before + 1);
    expect(run().query).toEqual(bad);
    expect(run().status).toBe('error');
  });

  it('ends in an error, not a hang, when the host goes away mid-query', async () => {
    void run().run(manyQuery);
    await until('the run waits for the grid', () => run().waiting);
    await host.close();
    run().setLoadAll();
    await until('the run fails', () => run().status === 'error', 20_000);
    expect(run().error?.message).toMatch(/connection|closed|host/i);
    expect(run().rows.length).toBeGreaterThan(0);
  });
});

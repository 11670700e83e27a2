/**
 * The overview's parts on real datalakes (embedded, and the MongoDB test server): the estimate answers
 * without counting, counts by type are computed once per connection and cached with their time, follow
 * writes through the app and refresh on request, share one run between callers, and report progress.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '#shared/contract';
import { uniqueName } from '../../test-support/env';
import { addTestMongo, makeTestServices, ok, type TestServices } from './test-services';

const progressEvents = (t: TestServices) =>
  t.events.filter((e) => e.event === 'overview.typeCounts.progress').map((e) => e.payload);

describe.each(['embedded', 'mongodb'] as const)('overview on %s', (kind) => {
  let t: TestServices;
  let connection: Connection;
  beforeEach(async () => {
    t = await makeTestServices();
    if (kind === 'mongodb') {
      const c = await addTestMongo(t, 'Overview', uniqueName('overview'));
      await ok(t.dispatcher.call('connections.activate', { id: c.id }));
    }
    connection = t.services.connections.activeConnection();
    await t.services.connections.withDatalake((dl) =>
      dl.addData([
        { data: { type: 'image' } },
        { data: { type: 'image' } },
        { data: { type: 'image' } },
        { data: { type: 'label' } },
        { data: { type: 'label' } },
        { data: null },
      ]),
    );
    t.events.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers the estimate without counting by type', async () => {
    expect(await ok(t.dispatcher.call('overview.get', {}))).toEqual({ estimatedCount: 6, connection });
    expect(progressEvents(t)).toEqual([]);
  });

  it('counts by type once, caches the counts with their time, and recounts after a write or on request', async () => {
    const first = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(first).toMatchObject({
      connectionId: connection.id,
      cached: false,
      counts: [
        { type: 'image', count: 3 },
        { type: 'label', count: 2 },
        { type: null, count: 1 },
      ],
    });
    expect(Date.parse(first.computedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    const progress = progressEvents(t);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((p) => p.connectionId === connection.id)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });

    t.events.length = 0;
    const again = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(again).toEqual({ ...first, cached: true });
    expect(progressEvents(t)).toEqual([]);

    await t.services.connections.withDatalake((dl) => dl.addDatum({ type: 'bbox' }));
    const afterWrite = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(afterWrite.cached).toBe(false);
    expect(afterWrite.counts).toContainEqual({ type: 'bbox', count: 1 });

    const refreshed = await ok(t.dispatcher.call('overview.typeCounts', { refresh: true }));
    expect(refreshed.cached).toBe(false);
    expect(Date.parse(refreshed.computedAt)).toBeGreaterThanOrEqual(Date.parse(afterWrite.computedAt));
    expect(refreshed.counts).toEqual(afterWrite.counts);
  });

  it('shares one count between callers that ask while it runs', async () => {
    await ok(t.dispatcher.call('overview.typeCounts', {}));
    await t.services.connections.withDatalake((dl) => dl.addDatum({ type: 'label' }));
    t.events.length = 0;
    const [a, b] = await Promise.all([
      ok(t.dispatcher.call('overview.typeCounts', {})),
      ok(t.dispatcher.call('overview.typeCounts', {})),
    ]);
    expect(a).toEqual(b);
    expect(a.cached).toBe(false);
    expect(a.counts).toContainEqual({ type: 'label', count: 3 });
    expect(new Set(progressEvents(t).map((p) => p.startedAt)).size).toBe(1);
  });
});

describe('overview counts per connection', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await makeTestServices();
  });
  afterEach(async () => {
    await t.close();
  });

  it('keeps the counts of a connection switched away from and back to, unless it changed', async () => {
    await t.services.connections.withDatalake((dl) => dl.addData([{ data: { type: 'image' } }]));
    const embedded = await ok(t.dispatcher.call('overview.typeCounts', {}));

    const dbName = uniqueName('overview-switch');
    const mongo = await addTestMongo(t, 'Switch', dbName);
    await ok(t.dispatcher.call('connections.activate', { id: mongo.id }));
    await t.services.connections.withDatalake((dl) => dl.addData([{ data: { type: 'remote' } }]));
    const remote = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(remote).toMatchObject({ connectionId: mongo.id, counts: [{ type: 'remote', count: 1 }] });

    await ok(t.dispatcher.call('connections.activate', { id: 'embedded' }));
    expect(await ok(t.dispatcher.call('overview.typeCounts', {}))).toEqual({ ...embedded, cached: true });

    await ok(t.dispatcher.call('connections.activate', { id: mongo.id }));
    expect(await ok(t.dispatcher.call('overview.typeCounts', {}))).toEqual({ ...remote, cached: true });

    // The same connection pointed at another database: its counts are that database's.
    await ok(t.dispatcher.call('connections.update', { id: mongo.id, dbName: `${dbName}-other` }));
    expect(await ok(t.dispatcher.call('overview.typeCounts', {}))).toMatchObject({
      connectionId: mongo.id,
      cached: false,
      counts: [],
    });

    // A write while the embedded datalake was away from view still counts once back.
    await ok(t.dispatcher.call('connections.activate', { id: 'embedded' }));
    await t.services.connections.withDatalake((dl) => dl.addData([{ data: { type: 'late' } }]));
    const back = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(back.cached).toBe(false);
    expect(back.counts).toContainEqual({ type: 'late', count: 1 });
  });
});

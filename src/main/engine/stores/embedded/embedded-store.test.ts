/**
 * The embedded store on real folders: exact round trips, order and tie-breaks, parent/id restrictions,
 * streaming in bounded batches, limits applied after the exact filter, counts, samples, grouping,
 * persistence across reopen, and errors for unusable folders.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Binary, Decimal128, Long, ObjectId } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, StoreUnavailableError } from '#shared/errors';
import type { DatumDocument } from '../../types';
import type { Store } from '../store';
import { openEmbeddedStore } from './embedded-store';

const T0 = Date.parse('2024-01-01T00:00:00Z');

function datum(over: Partial<DatumDocument> & Record<string, unknown> = {}): DatumDocument {
  return {
    _id: new ObjectId(),
    data: null,
    registry_uri: null,
    registry_key: null,
    derived_from: null,
    metadata: {},
    added_at: new Date(T0),
    ...over,
  } as DatumDocument;
}

async function all<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

const hexes = (docs: Array<{ _id: ObjectId } | { id: string }>) =>
  docs.map((d) => ('id' in d ? d.id : d._id.toHexString()));

/** Key order at every level, which toEqual does not check. */
function keyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keyOrder);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
  }
  return null;
}

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'embedded-store-'));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe('embedded store', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await tempDir();
    store = await openEmbeddedStore(join(dir, 'a', 'b')); // missing parents are created
  });
  afterAll(async () => {
    await store?.close();
  });

  it('round-trips documents exactly: BSON types, nesting, nulls, numbers and key order', async () => {
    const id = new ObjectId();
    const parent = new ObjectId();
    const doc = datum({
      _id: id,
      data: {
        z: 1,
        a: [1, 2.5, -3, 'x', null, true, [new Date(T0 + 5)], { b: parent }],
        bin: new Binary(Buffer.from([0, 255, 7]), 4),
        bytes: Buffer.from('hi'),
        long: Long.fromString('9007199254740993'),
        smallLong: Long.fromNumber(42),
        dec: Decimal128.fromString('1.10'),
        nul: 'a\u0000b',
        lone: 'x\ud800y',
        re: /ab+c/i,
        wrapperLike: { $oid: 'not an id', other: 1 },
        gone: undefined,
        nested: { y: { x: {} }, a: [] },
        proto: JSON.parse('{"__proto__": {"x": 1}}'), // a legal field name
      },
      registry_uri: 'file:///r',
      registry_key: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
      derived_from: parent,
      metadata: { project: 'P', tags: ['a', 'b'], quality: 0.9 },
      added_at: new Date(T0 + 123),
    });
    await store.insertOne(doc);
    const [got] = await all(store.findDocuments({ filter: { _id: id } }));
    const d = doc.data as Record<string, unknown>;
    const { gone: _gone, ...withoutUndefined } = d;
    const expected = {
      ...doc,
      data: {
        ...withoutUndefined,
        bytes: new Binary(Buffer.from('hi'), 0), // a Buffer is stored as binary subtype 0, like the driver
        long: 9007199254740993n, // int64 beyond 2^53 reads back as a bigint, on both stores
        smallLong: 42, // the driver promotes Longs that fit 53 bits
        lone: 'x\ufffdy', // the driver writes lone surrogates as U+FFFD
      },
    };
    expect(got).toEqual(expected);
    expect(keyOrder(got)).toEqual(keyOrder(expected));
    expect(Object.keys((got.data as { proto: object }).proto)).toEqual(['__proto__']);
    expect(await store.countDocuments({ 'data.proto.__proto__.x': 1 })).toBe(1);
    expect(got._id).toBeInstanceOf(ObjectId);
    expect(got.added_at).toBeInstanceOf(Date);
  });

  it('returns a top-level binary payload as a Buffer, as the MongoDB store does', async () => {
    const doc = datum({ data: Buffer.from([1, 2, 3]) });
    await store.insertOne(doc);
    const [got] = await all(store.findDocuments({ filter: { _id: doc._id } }));
    expect(Buffer.isBuffer(got.data)).toBe(true);
    expect([...(got.data as Buffer)]).toEqual([1, 2, 3]);
  });

  describe('order, restrictions, batches and limits', () => {
    const P = 'order-test';
    const parents = [new ObjectId(), new ObjectId()];
    const docs: DatumDocument[] = [];
    beforeAll(async () => {
      // Same added_at in pairs, so _id breaks ties; ids are not in insertion order.
      const ids = Array.from({ length: 8 }, (_, i) => new ObjectId(`65a00000000000000000000${7 - i}`));
      for (let i = 0; i < 8; i++) {
        docs.push(
          datum({
            _id: ids[i],
            derived_from: parents[i % 2],
            metadata: { project: P, i },
            data: { type: i % 3 === 0 ? 'image' : 'label', m: { x: 1, y: i } },
            added_at: new Date(T0 + 1000 * Math.floor(i / 2)),
          }),
        );
      }
      await store.insertMany(docs);
    });

    it('sorts latest (added_at desc, _id desc), earliest (asc, asc), or in insertion order', async () => {
      const byTime = (dir: 1 | -1) =>
        [...docs]
          .sort(
            (a, b) =>
              dir * (a.added_at.getTime() - b.added_at.getTime()) ||
              dir * (a._id.toHexString() < b._id.toHexString() ? -1 : 1),
          )
          .map((d) => d._id.toHexString());
      const filter = { 'metadata.project': P };
      expect(hexes(await all(store.findKeys({ filter, sort: 'latest' })))).toEqual(byTime(-1));
      expect(hexes(await all(store.findKeys({ filter, sort: 'earliest' })))).toEqual(byTime(1));
      expect(hexes(await all(store.findKeys({ filter })))).toEqual(hexes(docs));
      // Small batches page through the same order with keyset pagination.
      expect(hexes(await all(store.findKeys({ filter, sort: 'latest', batchSize: 3 })))).toEqual(byTime(-1));
      expect(hexes(await all(store.findDocuments({ filter, sort: 'earliest', batchSize: 1 })))).toEqual(
        byTime(1),
      );
    });

    it('returns keys only from findKeys', async () => {
      const [k] = await all(store.findKeys({ filter: { _id: docs[0]._id } }));
      expect(k).toEqual({
        id: docs[0]._id.toHexString(),
        parent: parents[0].toHexString(),
        addedAt: docs[0].added_at.getTime(),
      });
    });

    it('restricts to parentIn and idIn, together with the filter', async () => {
      const kids = await all(
        store.findKeys({ filter: { 'data.type': 'label' }, parentIn: [parents[1].toHexString()] }),
      );
      expect(hexes(kids).sort()).toEqual(hexes(docs.filter((_d, i) => i % 2 === 1 && i % 3 !== 0)).sort());
      expect(await all(store.findKeys({ filter: {}, parentIn: [] }))).toEqual([]);
      const some = await all(
        store.findDocuments({ filter: { 'metadata.i': { $gte: 2 } }, idIn: [docs[1]._id, docs[2]._id] }),
      );
      expect(hexes(some)).toEqual([docs[2]._id.toHexString()]);
      expect(await all(store.findDocuments({ filter: {}, idIn: [] }))).toEqual([]);
    });

    it('yields batches of at most batchSize', async () => {
      const sizes: number[] = [];
      for await (const b of store.findKeys({ filter: { 'metadata.project': P }, batchSize: 3 }))
        sizes.push(b.length);
      expect(sizes.every((n) => n <= 3)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    });

    it('applies the limit after the exact filter (extra prefilter rows do not count)', async () => {
      // Containment also lets {x: 1, y: i} through for {m: {x: 1}}; only the exact sub-document matches.
      await store.insertOne(
        datum({ metadata: { project: P, exact: true }, data: { m: { x: 1 } }, added_at: new Date(T0 - 1) }),
      );
      const got = await all(
        store.findDocuments({ filter: { 'data.m': { x: 1 } }, sort: 'latest', limit: 1 }),
      );
      expect(got.map((d) => d.metadata)).toEqual([{ project: P, exact: true }]);
      const latest2 = await all(
        store.findKeys({
          filter: { 'metadata.project': P, 'metadata.i': { $type: 'int' } },
          sort: 'latest',
          limit: 2,
        }),
      );
      expect(latest2.map((k) => k.addedAt)).toEqual([T0 + 3000, T0 + 3000]);
    });

    it('counts exactly, samples matching documents, groups by a path', async () => {
      expect(await store.countDocuments({ 'metadata.project': P })).toBe(9);
      expect(await store.countDocuments({ 'metadata.project': P, 'data.m': { x: 1 } })).toBe(1);
      expect(await store.countDocuments({ _id: { $in: [docs[0]._id, docs[1]._id] } })).toBe(2);
      const sample = await store.sample({ 'metadata.project': P, 'data.type': 'image' }, 2);
      expect(sample).toHaveLength(2);
      expect(new Set(hexes(sample)).size).toBe(2);
      expect(sample.every((d) => (d.data as { type: string }).type === 'image')).toBe(true);
      expect(await store.sample({ 'metadata.project': P, 'data.type': 'image' }, 10)).toHaveLength(3);
      expect(await store.countBy('data.type', { 'metadata.project': P })).toEqual([
        { value: 'label', count: 5 },
        { value: 'image', count: 3 },
        { value: null, count: 1 },
      ]);
    });
  });

  it('streams: the first batch comes before the table is read', async () => {
    const P = 'stream-test';
    const many = Array.from({ length: 12_000 }, (_, i) =>
      datum({ metadata: { project: P, i }, added_at: new Date(T0 + i) }),
    );
    await store.insertMany(many);
    const db = (store as unknown as { db: PGlite }).db;
    const original = db.query.bind(db);
    let rowsRead = 0;
    db.query = (async (...args: Parameters<PGlite['query']>) => {
      const res = await original(...args);
      rowsRead += res.rows.length;
      return res;
    }) as PGlite['query'];
    try {
      for await (const batch of store.findDocuments({
        filter: { 'metadata.project': P },
        sort: 'latest',
        batchSize: 100,
      })) {
        expect(batch).toHaveLength(100);
        expect((batch[0].metadata as { i: number }).i).toBe(11_999);
        break;
      }
      expect(rowsRead).toBeLessThanOrEqual(100);
      rowsRead = 0;
      // Without a usable prefilter the matcher rejects rows, and pages grow instead of reading everything.
      for await (const batch of store.findKeys({
        filter: { 'metadata.i': { $mod: [1000, 0] } },
        sort: 'latest',
        batchSize: 5,
      })) {
        expect(batch.length).toBeGreaterThan(0);
        break;
      }
      expect(rowsRead).toBeLessThan(4000);
    } finally {
      db.query = original;
    }
  });

  it('counts by a path through arrays and merges numerically equal groups', async () => {
    const P = 'count-by-test';
    const docs = [
      datum({ metadata: { project: P, v: 1, arr: [{ k: 'a' }, { k: 'b' }] } }),
      datum({ metadata: { project: P, v: Long.fromNumber(1), arr: [{ k: 'a' }, { k: 'b' }] } }),
      datum({ metadata: { project: P, v: 2.5, arr: [] } }),
      datum({ metadata: { project: P } }),
    ];
    await store.insertMany(docs);
    // An exact filter (key columns only) groups in SQL; a path filter groups the matched documents in JS.
    for (const filter of [{ _id: { $in: docs.map((d) => d._id) } }, { 'metadata.project': P }]) {
      expect(await store.countBy('metadata.v', filter)).toEqual([
        { value: 1, count: 2 },
        { value: null, count: 1 },
        { value: 2.5, count: 1 },
      ]);
      expect(await store.countBy('metadata.arr.k', filter)).toEqual([
        { value: ['a', 'b'], count: 2 },
        { value: null, count: 1 },
        { value: [], count: 1 },
      ]);
    }
  });

  it('keeps the estimated count exact across inserts and deletes', async () => {
    const before = await store.estimatedCount();
    const doc = datum();
    await store.insertOne(doc);
    expect(await store.estimatedCount()).toBe(before + 1);
    expect(hexes(await store.deleteMany([doc._id]))).toEqual([doc._id.toHexString()]);
    expect(await store.deleteMany([doc._id])).toEqual([]); // deleting a missing id is a no-op
    expect(await store.estimatedCount()).toBe(before);
    expect(await all(store.findKeys({ filter: { _id: doc._id } }))).toEqual([]);
  });

  it('refuses duplicate ids and key fields of the wrong type, writing nothing', async () => {
    const doc = datum();
    await store.insertOne(doc);
    const fresh = datum();
    await expect(store.insertMany([fresh, doc])).rejects.toThrow(InvalidInputError);
    await expect(store.insertMany([fresh, doc])).rejects.toThrow(doc._id.toHexString());
    expect(await store.countDocuments({ _id: fresh._id })).toBe(0);
    await expect(store.insertOne(datum({ _id: 'abc' as never }))).rejects.toThrow(InvalidInputError);
    await expect(store.insertOne(datum({ derived_from: 'abc' as never }))).rejects.toThrow(/derived_from/);
    await expect(store.insertOne(datum({ added_at: new Date(Number.NaN) }))).rejects.toThrow(/added_at/);
  });

  it('runs with fsync on and a capped WAL', async () => {
    const db = (store as unknown as { db: PGlite }).db;
    expect((await db.query<{ fsync: string }>('SHOW fsync')).rows[0].fsync).toBe('on');
    expect((await db.query<{ max_wal_size: string }>('SHOW max_wal_size')).rows[0].max_wal_size).toBe('64MB');
  });

  it('uses the GIN index for path equality and the column index for parentIn', async () => {
    const db = (store as unknown as { db: PGlite }).db;
    await db.exec('SET enable_seqscan = off');
    try {
      const plan = async (sql: string, params: unknown[]) =>
        (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      expect(
        await plan(`SELECT id FROM datum WHERE body @> $1::jsonb`, ['{"metadata":{"project":"P"}}']),
      ).toContain('datum_body');
      expect(
        await plan(`SELECT id FROM datum WHERE derived_from = ANY($1::text[])`, [
          ['65a000000000000000000001'],
        ]),
      ).toContain('datum_derived_from');
    } finally {
      await db.exec('RESET enable_seqscan');
    }
  });
});

describe('embedded store folder', () => {
  it('persists across close and reopen, including what the prefilter must know', async () => {
    const dir = await tempDir();
    const first = await openEmbeddedStore(dir);
    const big = datum({ metadata: { n: Long.fromNumber(7) } }); // stored wrapped: numbers are no longer prefiltered
    await first.insertMany([datum({ metadata: { n: 7 } }), big]);
    await first.close();
    await first.close(); // idempotent
    await expect(first.countDocuments({})).rejects.toThrow(StoreUnavailableError);
    const again = await openEmbeddedStore(dir);
    try {
      expect(await again.estimatedCount()).toBe(2);
      expect(await again.countDocuments({ 'metadata.n': 7 })).toBe(2);
      const [got] = await all(again.findDocuments({ filter: { _id: big._id } }));
      expect(got.metadata).toEqual({ n: 7 });
    } finally {
      await again.close();
    }
  });

  it('refuses a second open of the same folder, in this process or another, and takes over stale locks', async () => {
    const dir = await tempDir();
    const store = await openEmbeddedStore(dir);
    await expect(openEmbeddedStore(dir)).rejects.toThrow(/already open in this process/);
    await store.close();

    const { spawn, spawnSync } = await import('node:child_process');
    const sleeper = spawn('sleep', ['30']);
    try {
      await writeFile(join(dir, 'datalake.lock'), JSON.stringify({ pid: sleeper.pid }));
      const err = await openEmbeddedStore(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toContain(`pid ${sleeper.pid}`);
      expect((err as Error).message).toContain(dir);
    } finally {
      sleeper.kill('SIGKILL');
    }
    const dead = spawnSync('true').pid;
    await writeFile(join(dir, 'datalake.lock'), JSON.stringify({ pid: dead }));
    const reopened = await openEmbeddedStore(dir);
    await reopened.close();
  });

  it('reports unusable folders with StoreUnavailableError naming the folder', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(openEmbeddedStore(file)).rejects.toThrow(StoreUnavailableError);
    await expect(openEmbeddedStore(file)).rejects.toThrow(file);
    await expect(openEmbeddedStore(join(file, 'below'))).rejects.toThrow(StoreUnavailableError);

    const corrupt = join(dir, 'corrupt');
    const store = await openEmbeddedStore(corrupt);
    await store.close();
    await writeFile(join(corrupt, 'pgdata', 'PG_VERSION'), 'garbage\n');
    const err = await openEmbeddedStore(corrupt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toContain(corrupt);
    // The failed open released its lock: the error is about the data, not about another process.
    await expect(openEmbeddedStore(corrupt)).rejects.toThrow(/could not be opened/);
  });
});

/**
 * The first page of a sorted read of one `data.type` through `datum_type_order` (pages.ts,
 * typeOrderedPage): the same rows in the same order as a sort of every match, whether the newest rows of
 * the type fill the page or not, and not used where MongoDB would match inside an array or the stored
 * form hides `data.type`. Also: a lake written before the index (or never analysed since) gets the index
 * and its statistics at open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ObjectId } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatumDocument } from '../../types';
import type { Filter, Store } from '../store';
import { openEmbeddedStore } from './embedded-store';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const IMAGES = 40;
const LABELS = 60;

function datum(data: unknown, project: string, at: number): DatumDocument {
  return {
    _id: new ObjectId(),
    data,
    registry_uri: null,
    registry_key: null,
    derived_from: null,
    metadata: { project },
    added_at: new Date(T0 + at),
  } as DatumDocument;
}

/** Images first (the oldest), then newer labels: a walk of the newest datums meets no image for a while. */
function lakeDocs(): DatumDocument[] {
  const docs: DatumDocument[] = [];
  for (let i = 0; i < IMAGES; i++) {
    // Project a: every other image; c: only the oldest, so the newest images never fill its page.
    const project = i === 0 ? 'c' : i % 2 === 0 ? 'a' : 'b';
    docs.push(datum({ type: 'image', n: i }, project, i % 7 === 0 ? 5 : i * 10)); // some equal times
  }
  for (let i = 0; i < LABELS; i++) docs.push(datum({ type: 'classification' }, 'a', 10_000 + i));
  return docs;
}

/** What a sort of every match gives: added_at, then _id, in the read's direction. */
function expected(docs: DatumDocument[], match: (d: DatumDocument) => boolean, sort: 'latest' | 'earliest') {
  const key = (d: DatumDocument) => [d.added_at.getTime(), d._id.toHexString()] as const;
  const sign = sort === 'latest' ? -1 : 1;
  return docs
    .filter(match)
    .sort((x, y) => {
      const [ax, ix] = key(x);
      const [ay, iy] = key(y);
      return sign * (ax - ay || (ix < iy ? -1 : ix > iy ? 1 : 0));
    })
    .map((d) => d._id.toHexString());
}

/** Every key of a read-all query, batch by batch, and the SQL statements it ran. */
async function readAll(
  store: Store,
  filter: Filter,
  sort: 'latest' | 'earliest',
  batchSize: number,
  readAll = true,
) {
  const db = (store as unknown as { db: PGlite }).db;
  const original = db.query.bind(db);
  const statements: string[] = [];
  db.query = (async (...args: Parameters<PGlite['query']>) => {
    statements.push(String(args[0]));
    return original(...args);
  }) as PGlite['query'];
  try {
    const batches: string[][] = [];
    for await (const batch of store.findKeys({ filter, sort, batchSize, readAll }))
      batches.push(batch.map((k) => k.id));
    return { batches, statements };
  } finally {
    db.query = original;
  }
}

const isImage = (d: DatumDocument) => (d.data as { type: string }).type === 'image';
const probed = (statements: string[]) =>
  statements.filter((s) => s.includes("(body #>> '{data,type}') >=")).length;

describe('the first page of one data type, newest or oldest first', () => {
  let dir: string;
  let store: Store;
  const docs = lakeDocs();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dl-type-order-'));
    store = await openEmbeddedStore(join(dir, 'lake'));
    await store.insertMany(docs);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const sort of ['latest', 'earliest'] as const) {
    it(`gives what a sort of every match gives (${sort})`, async () => {
      const filter = { 'data.type': 'image', 'metadata.project': 'a' };
      const { batches, statements } = await readAll(store, filter, sort, 4);
      const want = expected(docs, (d) => isImage(d) && d.metadata.project === 'a', sort);
      expect(batches[0]).toEqual(want.slice(0, 4));
      expect(batches.flat()).toEqual(want);
      expect(probed(statements)).toBe(1);
    });
  }

  it('pages through the index while its pages fill (a read that may stop early)', async () => {
    const filter = { 'data.type': 'image', 'metadata.project': 'a' };
    const { batches, statements } = await readAll(store, filter, 'latest', 3, false);
    const want = expected(docs, (d) => isImage(d) && d.metadata.project === 'a', 'latest');
    expect(batches[0]).toEqual(want.slice(0, 3));
    expect(batches.flat()).toEqual(want);
    expect(probed(statements)).toBeGreaterThan(1);
  });

  it('falls back to sorting every match when the newest of the type do not fill the page', async () => {
    const filter = { 'data.type': { $eq: 'image' }, 'metadata.project': { $in: ['c', 'b'] } };
    const { batches, statements } = await readAll(store, filter, 'latest', 30);
    const want = expected(docs, (d) => isImage(d) && d.metadata.project !== 'a', 'latest');
    expect(want).toHaveLength(21); // the oldest (c) and every odd one (b)
    expect(batches.flat()).toEqual(want);
    expect(probed(statements)).toBe(1);
  });

  // Where MongoDB would match inside an array, or the stored form (`{"$dlObject": ...}`) hides data.type.
  it.each([
    ['some data.type held an array', { type: ['image', 'mask'] }],
    [
      'some data was stored wrapped (its first key looks like a wrapper)',
      { $oid: 'not an id', type: 'image' },
    ],
  ])('is not used once %s', async (_, data) => {
    const odd = datum(data, 'a', 20_000);
    const local = await mkdtemp(join(tmpdir(), 'dl-type-odd-'));
    const other = await openEmbeddedStore(join(local, 'lake'));
    try {
      await other.insertMany([...docs, odd]);
      const { batches, statements } = await readAll(other, { 'data.type': 'image' }, 'latest', 4);
      expect(batches[0][0]).toBe(odd._id.toHexString());
      expect(batches.flat()).toHaveLength(IMAGES + 1);
      expect(probed(statements)).toBe(0);
    } finally {
      await other.close();
      await rm(local, { recursive: true, force: true });
    }
  });
});

describe('a lake written before datum_type_order', () => {
  it('gets the index and statistics on its expression when opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-type-old-'));
    try {
      let store = await openEmbeddedStore(join(dir, 'lake'));
      const many = Array.from({ length: 1500 }, (_, i) => datum({ type: i % 3 ? 'bbox' : 'image' }, 'a', i));
      await store.insertMany(many);
      await store.close();
      // Make it an older lake: no index, no statistics.
      const pgdata = join(dir, 'lake', 'pgdata');
      const db = await PGlite.create(pgdata);
      await db.exec('DROP INDEX datum_type_order; DELETE FROM pg_statistic');
      await db.close();
      const statistics = async () => {
        const after = await PGlite.create(pgdata);
        const { rows } = await after.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'datum_type_order'`,
        );
        await after.close();
        return rows[0].n;
      };
      store = await openEmbeddedStore(join(dir, 'lake'));
      await store.close();
      expect(await statistics()).toBeGreaterThan(0);

      // Closed after the index was built but before it was analysed: the next open analyses it.
      const again = await PGlite.create(pgdata);
      await again.exec('DELETE FROM pg_statistic');
      await again.close();
      expect(await statistics()).toBe(0);
      store = await openEmbeddedStore(join(dir, 'lake'));
      await store.close();
      expect(await statistics()).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

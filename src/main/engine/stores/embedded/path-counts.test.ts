/**
 * The embedded store's `data.type` counters against two independent groupings (a SQL scan of the table and
 * a JS grouping of every returned document): random documents and deletions, reopen, a store written
 * before the counters existed (built once, with progress, while a write waits), and the index-backed
 * random sample.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Binary, Double, Int32, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatumDocument } from '../../types';
import type { CountProgress, Group, Store } from '../store';
import { countByInJs } from './count-by';
import { DATA_DIR, openEmbeddedStore } from './embedded-store';

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'path-counts-'));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

function datum(data: unknown, i = 0): DatumDocument {
  return {
    _id: new ObjectId(),
    data,
    registry_uri: null,
    registry_key: null,
    derived_from: null,
    metadata: { i },
    added_at: new Date(Date.UTC(2024, 0, 1) + i),
  };
}

/** Every shape `data.type` takes in practice and at the edges of MongoDB's grouping rules. */
const dataArb = fc.oneof(
  fc.constantFrom('image', 'label', 'bbox', '', 'Image').map((type) => ({ type })),
  fc.integer({ min: -2, max: 2 }).map((type) => ({ type })),
  fc.constantFrom(
    null,
    'a string payload',
    7,
    {},
    { type: null },
    { type: new Int32(1) },
    { type: Long.fromNumber(1) },
    { type: new Double(1) },
    { type: 1.5 },
    { type: ['image', 'label'] },
    { type: [] },
    { type: { nested: 'x' } },
    { type: new Date(Date.UTC(2024, 1, 1)) },
    [{ type: 'image' }, { type: 'label' }],
    [{ type: 'image' }, { other: 1 }],
    [],
  ),
  fc.constant(null).map(() => new Binary(Buffer.from('raw'))),
);

/**
 * The store's own grouping of every datum without its counters, through filters that match them all: one
 * the SQL prefilter answers exactly (grouped in SQL), one it cannot (grouped in JS after the matcher).
 */
async function scanGroups(store: Store): Promise<Group[][]> {
  return [
    await store.countBy('data.type', { added_at: { $gt: new Date(0) } }),
    await store.countBy('data.type', { added_at: { $type: 'date' } }),
  ];
}

async function jsGroups(store: Store): Promise<Group[]> {
  const docs: Array<Record<string, unknown>> = [];
  for await (const batch of store.findDocuments({ filter: {} })) docs.push(...(batch as never[]));
  return countByInJs(
    'data.type',
    (async function* () {
      yield* docs;
    })(),
  );
}

describe('data.type counters of the embedded store', () => {
  it('agree with a full grouping through random inserts, deletes and a reopen', async () => {
    const dir = await tempDir();
    let store = await openEmbeddedStore(dir, { countChunk: 17 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(dataArb, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 15 }),
          async (batches, deletions) => {
            const ids: ObjectId[] = [];
            for (const batch of batches) {
              const docs = batch.map((data, i) => datum(data, i));
              await store.insertMany(docs);
              ids.push(...docs.map((d) => d._id));
            }
            await store.deleteMany(deletions.map((n) => ids[n % ids.length]));
            const counted = await store.countBy('data.type', {});
            expect(counted).toEqual(await jsGroups(store));
            const [sql, js] = await scanGroups(store);
            expect(counted).toEqual(sql);
            expect(counted).toEqual(js);
            expect(counted.reduce((n, g) => n + g.count, 0)).toBe(await store.estimatedCount());
          },
        ),
        { numRuns: 25 },
      );
      const before = await store.countBy('data.type', {});
      expect(before.length).toBeGreaterThan(5);
      await store.close();
      store = await openEmbeddedStore(dir);
      expect(await store.countBy('data.type', {})).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('are built once for a store written before them, with progress, while a write waits', async () => {
    const dir = await tempDir();
    const first = await openEmbeddedStore(dir);
    const types = ['image', 'label', 'bbox'];
    await first.insertMany(Array.from({ length: 300 }, (_, i) => datum({ type: types[i % 3], i }, i)));
    await first.close();
    // What a store from before the counters holds: no counter table, nothing marked counted.
    const raw = await PGlite.create(join(dir, DATA_DIR));
    await raw.exec(`DROP TABLE path_count; DELETE FROM store_meta WHERE key = 'counted';`);
    await raw.close();

    const store = await openEmbeddedStore(dir, { countChunk: 40 });
    try {
      const progress: CountProgress[] = [];
      let writing: Promise<void> | undefined;
      const groups = await store.countBy(
        'data.type',
        {},
        {
          onProgress: (p) => {
            progress.push(p);
            // Sent while the counters are being built: it waits, and is counted exactly once.
            writing ??= store.insertMany([datum({ type: 'image', late: true }), datum({ type: 'late' })]);
          },
        },
      );
      expect(writing).toBeDefined();
      await writing;
      // The write may land before the counters are read back, but never inside the build.
      const lateImages = groups.some((g) => g.value === 'late') ? 1 : 0;
      expect(groups).toContainEqual({ value: 'image', count: 100 + lateImages });
      expect(groups).toContainEqual({ value: 'label', count: 100 });
      // One report per chunk of 40 rows, rising to the total, then the counters' own total.
      expect(progress.length).toBeGreaterThanOrEqual(300 / 40);
      const done = progress.map((p) => p.done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      const answered = groups.reduce((n, g) => n + g.count, 0);
      expect(progress.at(-1)).toEqual({ done: answered, total: answered });

      const after = await store.countBy('data.type', {});
      expect(after).toEqual(await jsGroups(store));
      expect(after.find((g) => g.value === 'image')?.count).toBe(101);
      expect(after.find((g) => g.value === 'late')?.count).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('makes a cancelled build leave nothing half-written', async () => {
    const dir = await tempDir();
    const store = await openEmbeddedStore(dir, { countChunk: 10 });
    try {
      await store.insertMany(Array.from({ length: 50 }, (_, i) => datum({ type: i % 2 ? 'a' : 'b' }, i)));
      const controller = new AbortController();
      controller.abort();
      await expect(
        store.countBy('data.type', { added_at: { $type: 'date' } }, { signal: controller.signal }),
      ).rejects.toThrow('The count was cancelled');
      expect(await store.countBy('data.type', {})).toEqual([
        { value: 'a', count: 25 },
        { value: 'b', count: 25 },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('random samples of the whole embedded store', () => {
  it('come from the seq index, cover every datum evenly, and skip deleted rows', async () => {
    const dir = await tempDir();
    const store = await openEmbeddedStore(dir);
    try {
      const docs = Array.from({ length: 100 }, (_, i) => datum({ type: 'x' }, i));
      await store.insertMany(docs);
      const db = (store as unknown as { db: PGlite }).db;
      const original = db.query.bind(db);
      const statements: string[] = [];
      db.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql);
        return (original as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as PGlite['query'];
      const seen = new Map<string, number>();
      const runs = async (n: number, size: number) => {
        seen.clear();
        for (let r = 0; r < n; r++) {
          const sample = await store.sample({}, size);
          const ids = sample.map((d) => d._id.toHexString());
          expect(ids).toHaveLength(size);
          expect(new Set(ids).size).toBe(size);
          for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
        }
      };
      try {
        await runs(300, 10);
        // Each datum is expected 30 times; a biased draw would starve some and favour others.
        expect(seen.size).toBe(100);
        expect(Math.min(...seen.values())).toBeGreaterThanOrEqual(8);
        expect(Math.max(...seen.values())).toBeLessThanOrEqual(60);
        expect(statements.some((s) => s.includes('random()'))).toBe(false);

        const deleted = new Set(docs.filter((_, i) => i % 5 !== 0).map((d) => d._id.toHexString()));
        await store.deleteMany(docs.filter((d) => deleted.has(d._id.toHexString())).map((d) => d._id));
        // A table this sparse may fall back to a random order of its ids; either way only live rows come.
        await runs(60, 4);
        expect([...seen.keys()].some((id) => deleted.has(id))).toBe(false);
        expect(seen.size).toBe(20);
      } finally {
        db.query = original;
      }
    } finally {
      await store.close();
    }
  });
});

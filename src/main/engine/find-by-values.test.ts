/**
 * `Datalake.findByValues` on both stores: exact string matches at a path, through an index the store
 * creates (never a scan of every datum), the same answers on the embedded store and on MongoDB.
 */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/errors';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { Datalake } from './datalake';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function describeFindByValues(
  name: string,
  open: () => Promise<Datalake>,
  indexUsed: (dl: Datalake) => Promise<void>,
) {
  describe(`findByValues [${name}]`, () => {
    let dl: Datalake;
    const hashes = Array.from({ length: 1500 }, (_, i) => sha(`file-${i}`));
    beforeAll(async () => {
      dl = await open();
      await dl.addData(
        hashes.map((h, i) => ({
          data: { type: 'image', filename: `f${i}.png`, sha256: h },
          metadata: { ingest_batch: i % 2 === 0 ? 'batch-even' : 'batch-odd' },
        })),
      );
      // Near misses: an array holding the value, a number, a nested field of another name, a value elsewhere.
      await dl.addData([
        { data: { type: 'image', sha256: [hashes[0]] }, metadata: {} },
        { data: { type: 'image', sha256: 42 }, metadata: {} },
        { data: { type: 'image', other: { sha256: hashes[1] } }, metadata: {} },
        { data: { type: 'note' }, metadata: { sha256: hashes[2] } },
        { data: [{ sha256: hashes[3] }], metadata: {} },
      ]);
    });
    afterAll(async () => {
      await dl?.close();
    });

    it('finds exactly the datums holding one of the strings at the path', async () => {
      const asked = [...hashes.slice(0, 1200), sha('not there'), hashes[5]];
      const found = await dl.findByValues('data.sha256', asked);
      expect(found).toHaveLength(1200);
      const got = new Set(found.map((d) => (d.data as { sha256: string }).sha256));
      expect(got).toEqual(new Set(hashes.slice(0, 1200)));
      for (const d of found) expect(d.registryUri).toBeNull();
    });

    it('answers metadata paths too, every datum of a value', async () => {
      const even = await dl.findByValues('metadata.ingest_batch', ['batch-even']);
      expect(even).toHaveLength(750);
      expect(even.every((d) => d.metadata.ingest_batch === 'batch-even')).toBe(true);
      expect(await dl.findByValues('metadata.ingest_batch', [])).toEqual([]);
      expect(await dl.findByValues('metadata.sha256', [hashes[2]])).toHaveLength(1);
    });

    it('reads through an index on the path', async () => {
      await dl.findByValues('data.sha256', [hashes[0]]);
      await indexUsed(dl);
    });

    it('refuses paths it cannot index, naming them', async () => {
      for (const bad of ['sha256', 'data.$where', 'data.0.x', '_id', 'registry_key', 'data..x']) {
        await expect(dl.findByValues(bad, ['x'])).rejects.toThrow(InvalidInputError);
      }
      await expect(dl.findByValues('data.a-b', ['x'])).rejects.toThrow(/data\.a-b/);
    });
  });
}

let root: string;
describeFindByValues(
  'embedded',
  async () => {
    root ??= await mkdtemp(join(tmpdir(), 'dl-values-'));
    return Datalake.open({ embeddedPath: join(root, 'store') });
  },
  async (dl) => {
    // The store's PGlite handle: EXPLAIN shows the lookup reads the expression index, not the table.
    const db = (
      dl as unknown as {
        store: {
          db: { query: (sql: string, p: unknown[]) => Promise<{ rows: Array<Record<string, string>> }> };
        };
      }
    ).store.db;
    const { rows } = await db.query(
      `EXPLAIN SELECT doc FROM datum WHERE (body #>> '{data,sha256}') = ANY($1::text[])`,
      [[sha('x')]],
    );
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('datum_value:data.sha256');
    expect(plan).not.toMatch(/Seq Scan/);
  },
);

const dbName = uniqueName('values');
describeFindByValues(
  'mongodb',
  () => Datalake.open({ mongoUri: testMongoUri(), dbName }),
  async () => {
    const client = await MongoClient.connect(testMongoUri());
    try {
      const indexes = await client.db(dbName).collection('Datum').listIndexes().toArray();
      expect(indexes.map((i) => i.name)).toContain('data.sha256_1');
      expect(indexes.find((i) => i.name === 'data.sha256_1')?.key).toEqual({ 'data.sha256': 1 });
      // Indexes the engine did not create stay as they were.
      expect(indexes.map((i) => i.name)).toContain('derived_from_1');
    } finally {
      await client
        .db(dbName)
        .dropDatabase()
        .catch(() => {});
      await client.close();
    }
  },
);

describe('findByValues on a store with wrapped objects', () => {
  it('stays exact when data is stored inside a wrapper', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-values-wrapped-'));
    const dl = await Datalake.open({ embeddedPath: join(dir, 'store') });
    try {
      // A first key that looks like an Extended JSON wrapper makes the store wrap the object.
      await dl.addDatum({ $oid: 'looks like a wrapper', sha256: sha('w') }, {});
      await dl.addDatum({ type: 'image', sha256: sha('plain') }, {});
      const found = await dl.findByValues('data.sha256', [sha('w'), sha('plain')]);
      expect(found.map((d) => (d.data as { sha256: string }).sha256).sort()).toEqual(
        [sha('w'), sha('plain')].sort(),
      );
    } finally {
      await dl.close();
    }
  });
});

/** Engine behaviours beyond the acceptance cases, on the embedded store (the conformance suite covers both). */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelledError,
  DatumNotFoundError,
  InvalidInputError,
  PayloadTooLargeError,
  QueryValidationError,
} from '#shared/errors';
import { Datalake } from './datalake';
import { lookupId } from './ids';
import { FilePayload } from './payload';
import { openEmbeddedStore } from './stores/embedded';
import type { Store } from './stores/store';

let root: string;
/** The store under `dl`, kept for the tests that wrap it (the Datalake keeps its own private). */
let store: Store;
let dl: Datalake;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dl-engine-'));
  store = await openEmbeddedStore(join(root, 'store'));
  dl = await Datalake.open({ store });
});
afterAll(async () => {
  await dl.close();
});

describe('addDatum', () => {
  it('refuses an inline payload over 16 MB and suggests a registry', async () => {
    const big = { type: 'blob', text: 'x'.repeat(17 * 1024 * 1024) };
    const err = await dl.addDatum(big, {}).catch((e) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err.message).toMatch(/over the 16 MB limit.*registry/);
    // The same payload goes to a registry without complaint.
    const stored = await dl.addDatum(big, {}, { registryUri: join(root, 'reg-big') });
    expect(((await dl.getDatum(stored.id)).data as { text: string }).text).toHaveLength(17 * 1024 * 1024);
  });

  it('names a malformed derivedFrom and a file payload without a registry', async () => {
    const err = await dl.addDatum({ a: 1 }, {}, { derivedFrom: 'not-an-id' }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toBe('derivedFrom must be a 24-character hex datum id, got "not-an-id"');
    await expect(dl.addDatum(new FilePayload('/etc/hostname'), {})).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('deletes the registry object it wrote when the document insert fails', async () => {
    const failing: Store = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'insertMany') return async () => Promise.reject(new Error('disk full'));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const flaky = await Datalake.open({ store: failing });
    const registry = join(root, 'reg-rollback');
    await expect(flaky.addDatum({ big: 'y'.repeat(5000) }, {}, { registryUri: registry })).rejects.toThrow(
      'disk full',
    );
    const left = (await readdir(registry)).filter((f) => f !== 'registry_metadata.json');
    expect(left).toEqual([]);
  });

  it('writes local-as-utc timestamps the way Python writers do and returns true instants', async () => {
    const local = await Datalake.open({ store, timestamps: 'local-as-utc' });
    const before = Date.now();
    const d = await local.addDatum({ t: 1 }, {});
    expect(Math.abs(d.addedAt.getTime() - before)).toBeLessThan(5000);
    const raw = [];
    for await (const b of store.findDocuments({ filter: {}, idIn: [lookupId(d.id)] })) raw.push(...b);
    const offsetMs = new Date().getTimezoneOffset() * 60_000;
    expect(raw[0].added_at.getTime()).toBe(d.addedAt.getTime() - offsetMs);
  });
});

describe('review fixes', () => {
  it('keeps the registry objects of documents that were stored before an insert failed', async () => {
    const registry = join(root, 'reg-partial');
    let calls = 0;
    const halfFailing: Store = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'insertMany') {
          // Stores the first document, then fails: the shape of an ordered insert that broke part-way.
          return async (docs: Parameters<Store['insertMany']>[0]) => {
            calls++;
            await target.insertMany(docs.slice(0, 1));
            throw new Error('connection lost');
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const flaky = await Datalake.open({ store: halfFailing });
    await expect(
      flaky.addData([
        { data: { n: 1 }, registryUri: registry },
        { data: { n: 2 }, registryUri: registry },
      ]),
    ).rejects.toThrow('connection lost');
    expect(calls).toBe(1);
    const stored = (await dl.queryData({ registry_uri: registry, column: 'id' })) as Array<{ id: string }>;
    expect(stored).toHaveLength(1);
    // The stored datum still loads; the other object was removed.
    expect((await dl.getDatum(stored[0].id)).data).toEqual({ n: 1 });
    const metas = (await readdir(registry)).filter((f) => f.startsWith('_meta_'));
    expect(metas).toHaveLength(1);
  });

  it('reads datumsWanted null as "all rows", like Python\'s None', async () => {
    const project = `null-wanted-${Date.now()}`;
    await dl.addData([1, 2, 3].map((n) => ({ data: { n }, metadata: { project } })));
    const rows = await dl.queryData(
      { 'metadata.project': project, column: 'x' },
      { datumsWanted: null as never },
    );
    expect(rows).toHaveLength(3);
  });

  it('refuses malformed Extended JSON in a filter instead of reading it as 1970', async () => {
    await expect(dl.queryData({ added_at: { $gt: { $date: 'garbage' } }, column: 'x' })).rejects.toThrow(
      /Invalid Extended JSON date \{"\$date":"garbage"\}/,
    );
    await expect(dl.queryData({ _id: { $oid: 'zz' }, column: 'x' })).rejects.toBeInstanceOf(
      QueryValidationError,
    );
  });

  it('names every malformed id in getData, and transposes any column name', async () => {
    const err = await dl.getData(['nope', 'ffffffffffffffffffffffff', 'also-bad']).catch((e) => e);
    expect(err).toBeInstanceOf(DatumNotFoundError);
    expect(err.details.ids).toEqual(['nope', 'also-bad']);
    const { transpose } = await import('./datalake');
    expect(transpose([{ constructor: 'a' }, { constructor: 'b' }])).toEqual({ constructor: ['a', 'b'] });
  });
});

describe('queryDataStream', () => {
  it('reports the funnel and streams the first rows before reading the whole base set', async () => {
    const project = `funnel-${Date.now()}`;
    const images = await dl.addData(
      Array.from({ length: 3000 }, (_, i) => ({ data: { type: 'image', i }, metadata: { project } })),
    );
    await dl.addData(
      images
        .filter((_, i) => i % 2 === 0)
        .map((img) => ({ data: { type: 'classification' }, derivedFrom: img.id })),
    );
    const query = [
      { 'metadata.project': project, column: 'image_id' },
      { derived_from: 'image_id', 'data.type': 'classification', column: 'label_id' },
    ];
    const it = dl.queryDataStream(query, { datumsWanted: 10 });
    const first = await it.next();
    expect(first.value!.rows).toHaveLength(10);
    expect(first.value!.stats.survivors[0]).toBeLessThan(3000); // only a first batch of the base was read
    await it.return(undefined);

    let last: { survivors: number[]; complete: boolean } | undefined;
    for await (const batch of dl.queryDataStream(query)) last = batch.stats;
    expect(last).toEqual({ survivors: [3000, 1500], complete: true });
  });

  it('hands out the first rows of an unlimited query before it reads the rest of the base set', async () => {
    const project = `first-${Date.now()}`;
    const images = await dl.addData(
      Array.from({ length: 6000 }, (_, i) => ({ data: { type: 'image', i }, metadata: { project } })),
    );
    await dl.addData(images.map((img) => ({ data: { type: 'classification' }, derivedFrom: img.id })));
    // Counts the base keys the store has handed over (the base read is the one without parentIn).
    let baseKeysRead = 0;
    const counting: Store = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop !== 'findKeys') return typeof v === 'function' ? v.bind(target) : v;
        return (spec: Parameters<Store['findKeys']>[0]) => {
          const source = target.findKeys(spec);
          if (spec.parentIn) return source;
          return (async function* () {
            for await (const batch of source) {
              baseKeysRead += batch.length;
              yield batch;
            }
          })();
        };
      },
    });
    const viewer = await Datalake.open({ store: counting });
    const query = [
      { 'metadata.project': project, column: 'image_id' },
      { derived_from: 'image_id', 'data.type': 'classification', column: 'label_id' },
    ];
    const it = viewer.queryDataStream(query);
    const first = await it.next();
    expect(first.value!.rows).toHaveLength(1000);
    expect(first.value!.rows[0].image_id).toBe(images[5999].id);
    expect(baseKeysRead).toBe(1000); // the rest is read only when the caller asks for more
    let rows = first.value!.rows.length;
    for await (const batch of { [Symbol.asyncIterator]: () => it }) rows += batch.rows.length;
    expect(rows).toBe(6000);
    expect(baseKeysRead).toBe(6000);
  });

  it('keeps batches and store reads bounded with maxBatch, and gives the same rows', async () => {
    const project = `bounded-${Date.now()}`;
    const images = await dl.addData(
      Array.from({ length: 4500 }, (_, i) => ({ data: { type: 'image', i }, metadata: { project } })),
    );
    await dl.addData(
      images.filter((_, i) => i % 3 > 0).map((img) => ({ data: { type: 'label' }, derivedFrom: img.id })),
    );
    const biggestRead: number[] = [];
    const watching: Store = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop !== 'findKeys') return typeof v === 'function' ? v.bind(target) : v;
        return (spec: Parameters<Store['findKeys']>[0]) => {
          // A read of the base set asked to hold every key at once would defeat the bound.
          if (!spec.parentIn) expect(spec.readAll).toBe(false);
          const source = target.findKeys(spec);
          return (async function* () {
            for await (const batch of source) {
              biggestRead.push(batch.length);
              yield batch;
            }
          })();
        };
      },
    });
    const bounded = await Datalake.open({ store: watching });
    const query = [
      { 'metadata.project': project, column: 'image_id' },
      { derived_from: 'image_id', 'data.type': 'label', column: 'label_id' },
    ];
    const rows: unknown[] = [];
    for await (const batch of bounded.queryDataStream(query, { maxBatch: 700 })) {
      expect(batch.rows.length).toBeLessThanOrEqual(700);
      rows.push(...batch.rows);
    }
    expect(Math.max(...biggestRead)).toBeLessThanOrEqual(700);
    expect(rows).toEqual(await dl.queryData(query));
    expect(rows).toHaveLength(3000);
  });

  it('stops with CancelledError when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(dl.queryData({ column: 'x' }, { signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it('validates before touching the store', async () => {
    const touched: string[] = [];
    const untouchable: Store = new Proxy(store, {
      get(_target, prop) {
        if (prop === 'then') return undefined; // awaiting the store is not touching it
        touched.push(String(prop));
        throw new Error('the store was touched');
      },
    });
    const guarded = await Datalake.open({ store: untouchable });
    await expect(guarded.queryData([{ column: 'a' }, { column: 'b' }])).rejects.toThrow(
      'derived_from must be provided',
    );
    await expect(guarded.queryData({ column: 'a', $where: '1' })).rejects.toThrow(/\$where is not allowed/);
    expect(await guarded.queryData([])).toEqual([]);
    expect(await guarded.queryData([], { transpose: true })).toEqual({});
    expect(touched).toEqual([]);
  });
});

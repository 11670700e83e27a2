/**
 * The acceptance cases of spec §6, written once and run against every store (see the *.test.ts files
 * beside this one). Each test uses its own project name, so tests share one datalake per store.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatumNotFoundError, QueryValidationError } from '#shared/errors';
import type { Row } from '#shared/query/types';
import type { Datalake } from '../datalake';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeAcceptance(
  storeName: string,
  open: () => Promise<Datalake>,
  registryUri: () => string,
): void {
  describe(`acceptance §6 [${storeName}]`, () => {
    let dl: Datalake;
    let P: string;
    beforeAll(async () => {
      dl = await open();
    });
    afterAll(async () => {
      await dl?.close();
    });

    const base = () => ({ 'metadata.project': P, column: 'image_id' });
    const lbl = (strategy = 'latest') => ({
      derived_from: 'image_id',
      'data.type': 'classification',
      column: 'label_id',
      strategy,
    });
    const box = (strategy = 'latest') => ({
      derived_from: 'label_id',
      'data.type': 'bbox',
      column: 'bbox_id',
      strategy,
    });

    /** Adds datums one by one with a gap, so added_at orders them. */
    async function image(extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) {
      await sleep(3);
      return (await dl.addDatum({ type: 'image', ...extra }, { project: P, ...meta })).id;
    }
    async function label(
      parent: string,
      extra: Record<string, unknown> = {},
      meta: Record<string, unknown> = {},
    ) {
      await sleep(3);
      return (
        await dl.addDatum({ type: 'classification', label: 'cat', ...extra }, meta, { derivedFrom: parent })
      ).id;
    }
    async function bbox(parent: string) {
      await sleep(3);
      return (await dl.addDatum({ type: 'bbox', x: 1, y: 2, w: 3, h: 4 }, {}, { derivedFrom: parent })).id;
    }
    const q = (query: unknown, opts: Record<string, unknown> = {}) =>
      dl.queryData(query as never, opts) as Promise<Row[]>;
    const column = (rows: Row[], c: string) => rows.map((r) => r[c]);

    // A fresh project per test keeps the tests independent inside one datalake.
    const test = (name: string, fn: () => Promise<void>) =>
      it(name, async () => {
        P = `P-${randomUUID()}`;
        await fn();
      });

    test('single query over two images gives two rows, and transposes', async () => {
      const a = await image();
      const b = await image();
      const rows = await q(base());
      expect(rows).toHaveLength(2);
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([a, b]));
      expect(rows.every((r) => Object.keys(r).join() === 'image_id')).toBe(true);
      const t = (await dl.queryData(base(), { transpose: true })) as Record<string, string[]>;
      expect(Object.keys(t)).toEqual(['image_id']);
      expect(new Set(t.image_id)).toEqual(new Set([a, b]));
    });

    test('a comparison filter selects images by size', async () => {
      const a = await image({ size: 1024 });
      await dl.addDatum({ type: 'video', size: 2048 }, { project: P });
      const c = await image({ size: 800 });
      const rows = await q({
        'metadata.project': P,
        'data.type': 'image',
        'data.size': { $gt: 600 },
        column: 'image_id',
      });
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([a, c]));
    });

    test('two images each with one label give two consistent rows', async () => {
      const a = await image();
      const b = await image();
      const la = await label(a);
      const lb = await label(b);
      const rows = await q([base(), lbl()]);
      expect(rows).toHaveLength(2);
      const byImage = new Map(rows.map((r) => [r.image_id, r.label_id]));
      expect(byImage.get(a)).toBe(la);
      expect(byImage.get(b)).toBe(lb);
    });

    test('strategies pick among an old and a new label', async () => {
      const img = await image();
      const old = await label(img, { label: 'old' });
      const neu = await label(img, { label: 'new' });
      expect(column(await q([base(), lbl('latest')]), 'label_id')).toEqual([neu]);
      expect(column(await q([base(), lbl('earliest')]), 'label_id')).toEqual([old]);
      const quick = column(await q([base(), lbl('quickest')]), 'label_id');
      expect(quick).toHaveLength(1);
      expect([old, neu]).toContain(quick[0]);
      const seen = new Set<string>();
      for (let i = 0; i < 60 && seen.size < 2; i++) seen.add((await q([base(), lbl('random')]))[0].label_id);
      expect(seen).toEqual(new Set([old, neu]));
    });

    test('missing keeps only unlabelled images and adds no column', async () => {
      const labelled = await image();
      const bare = await image();
      await label(labelled);
      expect(await q([base(), lbl()])).toEqual([{ image_id: labelled, label_id: expect.any(String) }]);
      expect(await q([base(), lbl('missing')])).toEqual([{ image_id: bare }]);
      expect(await dl.queryData([base(), lbl('missing')], { transpose: true })).toEqual({ image_id: [bare] });
    });

    test('image → label → bbox chains: complete chains only, and missing bboxes', async () => {
      const i1 = await image();
      const i2 = await image();
      const i3 = await image();
      const l1 = await label(i1);
      const l2 = await label(i2);
      const b1 = await bbox(l1);
      void i3;
      expect(await q([base(), lbl(), box()])).toEqual([{ image_id: i1, label_id: l1, bbox_id: b1 }]);
      expect(await q([base(), lbl(), box('missing')])).toEqual([{ image_id: i2, label_id: l2 }]);
    });

    test('an unknown project gives [] and {}', async () => {
      await image();
      expect(await q({ 'metadata.project': `${P}-unknown`, column: 'image_id' })).toEqual([]);
      expect(
        await dl.queryData({ 'metadata.project': `${P}-unknown`, column: 'image_id' }, { transpose: true }),
      ).toEqual({});
    });

    test('invalid strategies are refused with the library’s messages', async () => {
      await expect(q([base(), lbl('invalid')])).rejects.toThrow(/^Invalid strategy: invalid$/);
      await expect(q({ ...base(), strategy: 'missing' })).rejects.toThrow('Invalid strategy: missing');
      await expect(q([base(), lbl('invalid')])).rejects.toBeInstanceOf(QueryValidationError);
    });

    test('registry-stored and inline datums are found by the same metadata filter', async () => {
      const inline = await image();
      const stored = (
        await dl.addDatum(
          { type: 'image', big: 'x'.repeat(2000) },
          { project: P },
          { registryUri: registryUri() },
        )
      ).id;
      const rows = await q(base());
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([inline, stored]));
      const back = await dl.getDatum(stored);
      expect(back.data).toEqual({ type: 'image', big: 'x'.repeat(2000) });
      expect(back.registryUri).toBe(registryUri());
      expect(back.registryKey).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    test('metadata filters combine as AND', async () => {
      const good = await image(
        {},
        { tags: ['nature', 'outdoor'], location: { city: 'Paris' }, quality: 0.95 },
      );
      await image({}, { tags: ['city'], location: { city: 'Paris' }, quality: 0.95 });
      await image({}, { tags: ['nature'], location: { city: 'Rome' }, quality: 0.95 });
      await image({}, { tags: ['nature'], location: { city: 'Paris' }, quality: 0.5 });
      const rows = await q({
        ...base(),
        'metadata.tags': { $in: ['nature'] },
        'metadata.location.city': 'Paris',
        'metadata.quality': { $gte: 0.9 },
      });
      expect(column(rows, 'image_id')).toEqual([good]);
    });

    test('datumsWanted with each base strategy', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await image({ n: i }));
      expect(column(await q(base(), { datumsWanted: 3 }), 'image_id')).toEqual([ids[4], ids[3], ids[2]]);
      expect(column(await q({ ...base(), strategy: 'earliest' }, { datumsWanted: 2 }), 'image_id')).toEqual([
        ids[0],
        ids[1],
      ]);
      const rnd = column(await q({ ...base(), strategy: 'random' }, { datumsWanted: 2 }), 'image_id');
      expect(new Set(rnd).size).toBe(2);
      for (const id of rnd) expect(ids).toContain(id);
      const quick = column(await q({ ...base(), strategy: 'quickest' }, { datumsWanted: 3 }), 'image_id');
      expect(new Set(quick).size).toBe(3);
    });

    test('datumsWanted counts complete rows only', async () => {
      const imgs: string[] = [];
      for (let i = 0; i < 5; i++) imgs.push(await image());
      for (const i of [0, 1, 2]) await label(imgs[i]);
      expect(await q([base(), lbl()], { datumsWanted: 4 })).toHaveLength(3);
    });

    test('six images, labels on 0,1,2,4, bboxes under 0 and 2 → images 0 and 2', async () => {
      const imgs: string[] = [];
      for (let i = 0; i < 6; i++) imgs.push(await image());
      const labels = new Map<number, string>();
      for (const i of [0, 1, 2, 4]) labels.set(i, await label(imgs[i]));
      for (const i of [0, 2]) await bbox(labels.get(i)!);
      const rows = await q([base(), lbl(), box()], { datumsWanted: 5 });
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([imgs[0], imgs[2]]));
    });

    test('six images, labels on 0,1,2,3,5, bboxes under 0,2,5 → images {0,2,5}', async () => {
      const imgs: string[] = [];
      for (let i = 0; i < 6; i++) imgs.push(await image());
      const labels = new Map<number, string>();
      for (const i of [0, 1, 2, 3, 5]) labels.set(i, await label(imgs[i]));
      for (const i of [0, 2, 5]) await bbox(labels.get(i)!);
      const rows = await q([base(), lbl(), box()], { datumsWanted: 3 });
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([imgs[0], imgs[2], imgs[5]]));
    });

    test('quality filter on the base with chains → images {2,5}', async () => {
      const imgs: string[] = [];
      for (let i = 0; i < 6; i++) imgs.push(await image({}, { quality: 0.5 + 0.1 * i }));
      const labels = new Map<number, string>();
      for (const i of [0, 1, 2, 4, 5]) labels.set(i, await label(imgs[i]));
      for (const i of [0, 2, 5]) await bbox(labels.get(i)!);
      const rows = await q([{ ...base(), 'metadata.quality': { $gte: 0.7 } }, lbl(), box()], {
        datumsWanted: 2,
      });
      expect(new Set(column(rows, 'image_id'))).toEqual(new Set([imgs[2], imgs[5]]));
    });

    test('eight images, latest base, datumsWanted 2 → images 6 and 4', async () => {
      const imgs: string[] = [];
      for (let i = 0; i < 8; i++) imgs.push(await image());
      const labels = new Map<number, string>();
      for (let i = 0; i < 7; i++) labels.set(i, await label(imgs[i]));
      for (const i of [0, 2, 4, 6]) await bbox(labels.get(i)!);
      const rows = await q([base(), lbl(), box()], { datumsWanted: 2 });
      expect(column(rows, 'image_id')).toEqual([imgs[6], imgs[4]]);
    });

    test('chains are consistent: a bbox always derives from the label in its row', async () => {
      const img = await image();
      const l1 = await label(img);
      await bbox(l1);
      const l2 = await label(img);
      expect(await q([base(), lbl(), box()])).toEqual([]);
      expect(await q([base(), lbl(), box('missing')])).toEqual([{ image_id: img, label_id: l2 }]);
    });

    test('a derived filter on an array field matches an element', async () => {
      const img = await image();
      const l = await label(img, {}, { tags: ['cat', 'dog'] });
      expect(await q([base(), { ...lbl(), 'metadata.tags': 'cat' }])).toEqual([
        { image_id: img, label_id: l },
      ]);
      expect(await q([base(), { ...lbl(), 'metadata.tags': 'bird' }])).toEqual([]);
    });

    describe('derivation', () => {
      const node = async (parent?: string) =>
        (await dl.addDatum({ type: 'node' }, { project: P }, { derivedFrom: parent ?? null })).id;

      test('a chain A→B→C→D gives all four, root first', async () => {
        const a = await node();
        const b = await node(a);
        const c = await node(b);
        const d = await node(c);
        expect(await dl.getIndirectlyDerivedData(a)).toEqual([a, b, c, d]);
        expect(await dl.getDirectlyDerivedData(a)).toEqual([b]);
      });

      test('a tree A→[B,C], B→[D,E], C→[F] gives six, level by level', async () => {
        const a = await node();
        const b = await node(a);
        const c = await node(a);
        const d = await node(b);
        const e = await node(b);
        const f = await node(c);
        const all = await dl.getIndirectlyDerivedData(a);
        expect(all).toHaveLength(6);
        expect(all[0]).toBe(a);
        expect(new Set(all.slice(1, 3))).toEqual(new Set([b, c]));
        expect(new Set(all.slice(3))).toEqual(new Set([d, e, f]));
      });

      test('a diamond-shaped walk and a self-reference give each node once', async () => {
        const a = await node();
        const b = await node(a);
        const c = await node(a);
        const d = await node(b);
        expect(await dl.getIndirectlyDerivedData(a)).toHaveLength(4);
        void c;
        void d;
        // A cycle: a datum whose parent is itself (the only cycle a derived_from chain can hold).
        const selfId = (await dl.addDatum({ type: 'loop' }, { project: P })).id;
        const child = await node(selfId);
        expect(await dl.getIndirectlyDerivedData(selfId)).toEqual([selfId, child]);
      });

      test('a leaf gives itself; a depth-20 chain gives 20 ids', async () => {
        const leaf = await node();
        expect(await dl.getIndirectlyDerivedData(leaf)).toEqual([leaf]);
        const chain = [await node()];
        for (let i = 1; i < 20; i++) chain.push(await node(chain[i - 1]));
        expect(await dl.getIndirectlyDerivedData(chain[0])).toEqual(chain);
      });
    });

    test('getDatum of an unknown id fails; getData keeps order and handles []', async () => {
      await expect(dl.getDatum('0123456789abcdef01234567')).rejects.toBeInstanceOf(DatumNotFoundError);
      await expect(dl.getDatum(null as never)).rejects.toBeInstanceOf(DatumNotFoundError);
      expect(await dl.getData([])).toEqual([]);
      const a = await image();
      const b = await image();
      const c = await image();
      expect((await dl.getData([c, a, b])).map((d) => d.id)).toEqual([c, a, b]);
      await expect(dl.getData([a, '0123456789abcdef01234567', 'ffffffffffffffffffffffff'])).rejects.toThrow(
        /0123456789abcdef01234567, ffffffffffffffffffffffff/,
      );
    });

    test('registry round trips: JSON of 1k, 5k and 10k characters, bytes, and a PNG file', async () => {
      const { tinyPng } = await import('../images/png-encode');
      const uri = registryUri();
      for (const n of [1000, 5000, 10000]) {
        const value = { type: 'doc', text: 'a'.repeat(n), nested: { list: [1, 2, 3], flag: true } };
        const d = await dl.addDatum(value, { project: P }, { registryUri: uri });
        expect((await dl.getDatum(d.id)).data).toEqual(value);
      }
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
      const db = await dl.addDatum(bytes, { project: P }, { registryUri: uri });
      expect(Buffer.compare((await dl.getDatum(db.id)).data as Buffer, bytes)).toBe(0);
      const png = tinyPng(8, 6);
      const { FilePayload } = await import('../payload');
      const { writeFile, mkdtemp } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const file = join(await mkdtemp(join(tmpdir(), 'png-')), 'tiny.png');
      await writeFile(file, png);
      const dp = await dl.addDatum(new FilePayload(file), { project: P }, { registryUri: uri });
      const loaded = (await dl.getDatum(dp.id)).data as { kind: string; format: string; bytes: Buffer };
      expect(loaded.kind).toBe('image');
      expect(loaded.format).toBe('PNG');
      expect(Buffer.compare(loaded.bytes, png)).toBe(0);
    });
  });
}

/**
 * The lineage reads (ancestors, children counted by type, children of chosen groups, cluster pages), run on
 * every store with the store calls counted, so "one round trip per level" is checked, not assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/errors';
import { ObjectId } from '../bson';
import { Datalake } from '../datalake';
import type { Store } from '../stores/store';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the store's read calls (each is one round trip, or one SQL statement per batch). */
function counting(store: Store): { store: Store; calls: () => number; reset: () => void } {
  let calls = 0;
  const reads = new Set(['findKeys', 'findDocuments', 'countChildrenBy', 'countDocuments', 'countBy']);
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (reads.has(String(prop))) calls++;
        return v.apply(target, args);
      };
    },
  });
  return { store: proxy, calls: () => calls, reset: () => (calls = 0) };
}

export function describeLineage(storeName: string, openStore: () => Promise<Store>): void {
  describe(`lineage reads [${storeName}]`, () => {
    let dl: Datalake;
    let counter: ReturnType<typeof counting>;
    beforeAll(async () => {
      counter = counting(await openStore());
      dl = await Datalake.open({ store: counter.store });
    });
    afterAll(async () => {
      await dl?.close();
    });

    const add = async (data: unknown, parent?: string) => {
      await sleep(2);
      return (await dl.addDatum(data, {}, { derivedFrom: parent ?? null })).id;
    };

    it('walks ancestors one round trip per level, for several datums at once, each datum once', async () => {
      const a = await add({ type: 'image', filename: 'a.png' });
      const b = await add({ type: 'classification', label: 'cat' }, a);
      const c = await add({ type: 'bbox', label: 'cat' }, b);
      const d = await add({ type: 'crop' }, c);
      const e = await add({ type: 'bbox', label: 'dog' }, b);
      counter.reset();
      const one = await dl.ancestors([d]);
      expect(one.datums.map((x) => x.id)).toEqual([d, c, b, a]);
      expect(one.roundTrips).toBe(4);
      expect(counter.calls()).toBe(4);
      expect(one.dangling).toEqual([]);
      expect(one.unknown).toEqual([]);

      counter.reset();
      const two = await dl.ancestors([d, e]);
      expect(two.datums.map((x) => x.id)).toEqual([d, e, c, b, a]);
      expect(counter.calls()).toBe(3); // levels {d, e}, {c, b}, {a}: b is read once though c also points to it
      expect(new Set(two.datums.map((x) => x.id)).size).toBe(5);
    });

    it('names a dangling parent and unknown ids instead of failing', async () => {
      const ghost = new ObjectId().toHexString();
      const orphan = await add({ type: 'classification', label: 'lost' }, ghost);
      const child = await add({ type: 'bbox' }, orphan);
      const unknown = new ObjectId().toHexString();
      const r = await dl.ancestors([child, unknown]);
      expect(r.datums.map((x) => x.id)).toEqual([child, orphan]);
      expect(r.dangling).toEqual([{ id: ghost, children: [orphan] }]);
      expect(r.unknown).toEqual([unknown]);
      await expect(dl.ancestors(['nope'])).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('counts the children of many parents per data.type in one round trip', async () => {
      const p1 = await add({ type: 'image' });
      const p2 = await add({ type: 'image' });
      const p3 = await add({ type: 'image' });
      for (let i = 0; i < 3; i++) await add({ type: 'bbox', label: `b${i}` }, p1);
      await add({ type: 'classification', label: 'cat' }, p1);
      await add(null, p1); // no data.type (as a registry child's null data)
      await add({ type: 5 }, p1); // a non-string type counts as "no type"
      await add({ type: 'bbox' }, p2);
      counter.reset();
      const groups = await dl.childTypeGroups([p1, p2, p3]);
      expect(counter.calls()).toBe(1);
      expect(groups).toEqual([
        { parent: p1, type: 'bbox', count: 3 },
        { parent: p1, type: null, count: 2 },
        { parent: p1, type: 'classification', count: 1 },
        { parent: p2, type: 'bbox', count: 1 },
      ]);
      expect(await dl.childTypeGroups([])).toEqual([]);
    });

    it('reads the children of chosen (parent, type) groups in one round trip, oldest first', async () => {
      const p1 = await add({ type: 'image' });
      const p2 = await add({ type: 'image' });
      const a1 = await add({ type: 'bbox' }, p1);
      const a2 = await add({ type: 'bbox' }, p1);
      await add({ type: 'classification' }, p1);
      const u1 = await add({ note: 'untyped' }, p1);
      const b1 = await add({ type: 'bbox' }, p2);
      await add({ type: 'mask' }, p2);
      counter.reset();
      const datums = await dl.childrenOfGroups([
        { parent: p1, type: 'bbox' },
        { parent: p1, type: null },
        { parent: p2, type: 'bbox' },
      ]);
      expect(counter.calls()).toBe(1);
      expect(datums.map((d) => d.id)).toEqual([a1, a2, u1, b1]);
    });

    it('pages one parent’s children of one type, and searches them by key field or id', async () => {
      const parent = await add({ type: 'image', filename: 'big.png' });
      const tiles: string[] = [];
      for (let i = 0; i < 12; i++) {
        tiles.push(await add({ type: 'tile', label: `tile-${String(i).padStart(2, '0')}` }, parent));
      }
      await add({ type: 'other', label: 'tile-99' }, parent);
      const seen: string[] = [];
      let after: string | null = null;
      const sizes: number[] = [];
      do {
        const page = await dl.childPage(parent, 'tile', { limit: 5, after });
        sizes.push(page.datums.length);
        seen.push(...page.datums.map((d) => d.id));
        after = page.next;
      } while (after);
      expect(sizes).toEqual([5, 5, 2]);
      expect(seen).toEqual(tiles);

      const byLabel = await dl.childPage(parent, 'tile', { search: 'TILE-07' });
      expect(byLabel.datums.map((d) => d.id)).toEqual([tiles[7]]);
      expect((await dl.childPage(parent, 'tile', { search: 'tile-99' })).datums).toEqual([]);
      const fragment = tiles[3].slice(-6);
      const byFragment = await dl.childPage(parent, 'tile', { search: fragment });
      expect(byFragment.datums.map((d) => d.id)).toContain(tiles[3]);
      const byId = await dl.childPage(parent, 'tile', { search: tiles[10] });
      expect(byId.datums.map((d) => d.id)).toEqual([tiles[10]]);
      const untyped = await dl.childPage(parent, null);
      expect(untyped.datums).toEqual([]);
      await expect(dl.childPage(parent, 'tile', { after: 'garbage' })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });
  });
}

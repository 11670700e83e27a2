/**
 * The engine's inspection and deletion API (counts, groupings, samples, deleteData), written once and run
 * against every store like the acceptance suite. Each test opens a datalake of its own: whole-lake counts
 * must not see other tests' datums.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, DatumNotFoundError, InvalidInputError, QueryValidationError } from '#shared/errors';
import type { Datalake } from '../datalake';
import type { CountProgress, Group } from '../stores/store';

/** Groups in a store-independent order (stores may order equal counts differently). */
const sorted = (groups: Group[]) =>
  [...groups].sort(
    (a, b) => b.count - a.count || JSON.stringify(a.value).localeCompare(JSON.stringify(b.value)),
  );

export function describeDatalakeApi(
  storeName: string,
  openFresh: () => Promise<Datalake>,
  registryRoot: () => string,
): void {
  describe(`datalake API: counts, groupings, samples, deletes [${storeName}]`, () => {
    const open: Datalake[] = [];
    async function fresh(): Promise<Datalake> {
      const dl = await openFresh();
      open.push(dl);
      return dl;
    }
    afterEach(async () => {
      for (const dl of open.splice(0)) await dl.close();
    });

    /** 3 images, 2 labels, one datum without data, one with a numeric type, one with a type list. */
    async function fill(dl: Datalake) {
      const images = await dl.addData(
        [0, 1, 2].map((i) => ({ data: { type: 'image', i }, metadata: { project: 'A', i } })),
      );
      const labels = await dl.addData(
        [0, 1].map((i) => ({
          data: { type: 'label', label: 'cat' },
          metadata: { project: 'B' },
          derivedFrom: images[i].id,
        })),
      );
      const odd = await dl.addData([
        { data: null, metadata: { project: 'A' } },
        { data: { type: 7 }, metadata: { project: 'B' } },
        { data: { type: ['a', 'b'] }, metadata: { project: 'B' } },
      ]);
      return { images, labels, odd };
    }

    it('counts and groupings: the estimate, exact counts, countBy with progress, following writes', async () => {
      const dl = await fresh();
      expect(await dl.estimatedCount()).toBe(0);
      expect(await dl.count()).toBe(0);
      expect(await dl.countBy('data.type')).toEqual([]);
      const { images } = await fill(dl);
      expect(await dl.estimatedCount()).toBe(8);
      expect(await dl.count()).toBe(8);
      expect(await dl.count({ 'data.type': 'image' })).toBe(3);
      expect(await dl.count({ 'metadata.project': 'B', 'data.type': { $in: ['label', 7] } })).toBe(3);
      expect(await dl.count({ derived_from: { $oid: images[0].id } })).toBe(1);
      expect(await dl.count({ added_at: { $gte: { $date: '2000-01-01T00:00:00Z' } } })).toBe(8);
      await expect(dl.count({ $where: 'true' })).rejects.toBeInstanceOf(QueryValidationError);
      await expect(dl.count({ 'data.type': { $bogus: 1 } })).rejects.toThrow(/Unknown operator: \$bogus/);

      // countBy groups as MongoDB's $group does, with and without a filter.
      expect(sorted(await dl.countBy('data.type'))).toEqual(
        sorted([
          { value: 'image', count: 3 },
          { value: 'label', count: 2 },
          { value: 7, count: 1 },
          { value: ['a', 'b'], count: 1 },
          { value: null, count: 1 },
        ]),
      );
      expect(sorted(await dl.countBy('data.type', { filter: { 'metadata.project': 'A' } }))).toEqual([
        { value: 'image', count: 3 },
        { value: null, count: 1 },
      ]);
      expect(sorted(await dl.countBy('metadata.project'))).toEqual([
        { value: 'A', count: 4 },
        { value: 'B', count: 4 },
      ]);
      const more = await dl.addData([{ data: { type: 'image' } }, { data: { type: 'bbox' } }]);
      await dl.deleteData([more[1].id]);
      const after = await dl.countBy('data.type');
      expect(after.find((g) => g.value === 'image')?.count).toBe(4);
      expect(after.some((g) => g.value === 'bbox')).toBe(false);
      await expect(dl.countBy('data.$type')).rejects.toBeInstanceOf(InvalidInputError);
      await expect(dl.countBy('')).rejects.toBeInstanceOf(InvalidInputError);
      await expect(dl.countBy('data.type', { filter: { $where: '1' } })).rejects.toBeInstanceOf(
        QueryValidationError,
      );

      // Progress up to its total; cancelled when asked.
      for (const filter of [{}, { 'metadata.project': 'B' }]) {
        const seen: CountProgress[] = [];
        const groups = await dl.countBy('data.type', { filter, onProgress: (p) => seen.push(p) });
        const counted = groups.reduce((n, g) => n + g.count, 0);
        expect(seen.length).toBeGreaterThanOrEqual(1);
        expect(seen.at(-1)?.done).toBeGreaterThanOrEqual(counted);
        for (const p of seen) if (p.total !== null) expect(p.done).toBeLessThanOrEqual(p.total);
      }
      const controller = new AbortController();
      controller.abort();
      await expect(
        dl.countBy('metadata.project', { signal: controller.signal, filter: { 'metadata.i': { $gte: 0 } } }),
      ).rejects.toBeInstanceOf(CancelledError);
    });

    it('samples distinct datums without loading registry payloads', async () => {
      const dl = await fresh();
      const { images } = await fill(dl);
      const stored = await dl.addDatum(
        { big: 'x'.repeat(3000) },
        { project: 'R' },
        {
          registryUri: join(registryRoot(), `sample-${storeName}`),
        },
      );
      const three = await dl.sample(3);
      expect(three).toHaveLength(3);
      expect(new Set(three.map((d) => d.id)).size).toBe(3);
      const all = await dl.sample(100);
      expect(all).toHaveLength(9);
      const fromRegistry = all.find((d) => d.id === stored.id)!;
      expect(fromRegistry).toMatchObject({
        data: null,
        registryUri: stored.registryUri,
        metadata: { project: 'R' },
      });
      expect(fromRegistry.addedAt).toEqual(stored.addedAt);
      const onlyA = await dl.sample(10, { filter: { 'metadata.project': 'A', 'data.type': 'image' } });
      expect(onlyA.map((d) => d.id).sort()).toEqual(images.map((d) => d.id).sort());
      expect(await dl.sample(0)).toEqual([]);
      await expect(dl.sample(-1)).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('deleteData removes documents, then their registry objects, and reports what it could not do', async () => {
      const dl = await fresh();
      const registryUri = join(registryRoot(), `delete-${storeName}-${Date.now()}`);
      const parent = await dl.addDatum({ type: 'image' }, {}, {});
      const [a, b] = await dl.addData([
        { data: { n: 1, text: 'y'.repeat(2000) }, registryUri, derivedFrom: parent.id },
        { data: { n: 2, text: 'z'.repeat(2000) }, registryUri, derivedFrom: parent.id },
      ]);
      const registry = dl.registry(registryUri);
      expect(await registry.has(a.registryKey!)).toBe(true);
      const unknown = 'ffffffffffffffffffffffff';
      const before = dl.revision;

      const result = await dl.deleteData([a.id, unknown, a.id.toUpperCase()]);
      expect(result).toEqual({ deleted: [a.id], notFound: [unknown], orphanedObjects: [] });
      expect(dl.revision).toBeGreaterThan(before);
      await expect(dl.getDatum(a.id)).rejects.toBeInstanceOf(DatumNotFoundError);
      expect(await registry.has(a.registryKey!)).toBe(false);
      expect(await registry.has(b.registryKey!)).toBe(true);
      expect((await dl.getDatum(b.id)).data).toMatchObject({ n: 2 });
      // Derived datums are not deleted with their parent.
      expect(await dl.deleteData([parent.id])).toMatchObject({ deleted: [parent.id] });
      expect((await dl.getDatum(b.id)).derivedFrom).toBe(parent.id);
      expect(await dl.estimatedCount()).toBe(1);
      expect(await dl.deleteData([])).toEqual({ deleted: [], notFound: [], orphanedObjects: [] });
      await expect(dl.deleteData(['nope', b.id])).rejects.toThrow('Cannot delete nope: not datum ids');
      expect(await dl.count()).toBe(1);

      // A registry object that cannot be removed is reported, after its datum was deleted.
      const orphanUri = join(registryRoot(), `orphan-${storeName}-${Date.now()}`);
      const datum = await dl.addDatum({ text: 'w'.repeat(2000) }, {}, { registryUri: orphanUri });
      // A folder where the commit file should be: removing it fails, whoever runs the test.
      const meta = (await readdir(orphanUri)).find((f) => f.startsWith('_meta_'))!;
      await rm(join(orphanUri, meta));
      await mkdir(join(orphanUri, meta, 'blocker'), { recursive: true });
      const orphaned = await dl.deleteData([datum.id]);
      expect(orphaned.deleted).toEqual([datum.id]);
      expect(orphaned.orphanedObjects).toEqual([
        {
          id: datum.id,
          registryUri: orphanUri,
          registryKey: datum.registryKey,
          message: expect.stringContaining(meta),
        },
      ]);
      await expect(dl.getDatum(datum.id)).rejects.toBeInstanceOf(DatumNotFoundError);

      // Long id lists go batch by batch.
      await dl.deleteData([b.id]);
      const many = await dl.addData(Array.from({ length: 1205 }, (_, i) => ({ data: { type: 'note', i } })));
      const keep = await dl.addDatum({ type: 'keep' });
      const batched = await dl.deleteData(many.map((d) => d.id));
      expect(batched.deleted).toHaveLength(1205);
      expect(batched.deleted).toEqual(many.map((d) => d.id));
      expect(await dl.count()).toBe(1);
      expect(await dl.countBy('data.type')).toEqual([{ value: 'keep', count: 1 }]);
      expect((await dl.sample(5)).map((d) => d.id)).toEqual([keep.id]);
    });
  });
}

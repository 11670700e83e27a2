/** The grid's batch loader with an in-memory loading function (it is transport-free by design). */
import { describe, expect, it } from 'vitest';
import { BatchLoader } from './batch-loader';

function recording(batchSize = 3, capacity = 100) {
  const calls: Array<{ key: string; ids: string[] }> = [];
  let release: Array<() => void> = [];
  const loader = new BatchLoader<string>({
    batchSize,
    capacity,
    concurrency: 1,
    load: (key, ids) => {
      calls.push({ key, ids });
      return new Promise((resolve) => {
        release.push(() => resolve(new Map(ids.map((id) => [id, `${key}:${id}`]))));
      });
    },
  });
  const flush = async () => {
    for (let i = 0; i < 20; i++) {
      const r = release;
      release = [];
      for (const f of r) f();
      await new Promise((x) => setTimeout(x, 0));
    }
  };
  return { loader, calls, flush };
}

describe('BatchLoader', () => {
  it('loads what is wanted in batches, once, and notifies when answers land', async () => {
    const { loader, calls, flush } = recording();
    let notified = 0;
    loader.subscribe(() => notified++);
    loader.want('k', ['a', 'b', 'c', 'd']);
    await flush();
    expect(calls).toEqual([
      { key: 'k', ids: ['a', 'b', 'c'] },
      { key: 'k', ids: ['d'] },
    ]);
    expect(loader.get('k', 'd')).toBe('k:d');
    expect(notified).toBe(2);
    loader.want('k', ['a', 'd']);
    await flush();
    expect(calls).toHaveLength(2); // cached: not asked again
  });

  it('lets the latest request of a slot replace the earlier one (pages scrolled past are skipped)', async () => {
    const { loader, calls, flush } = recording(2);
    loader.want('k', ['a', 'b'], 'col1');
    await new Promise((x) => setTimeout(x, 0)); // its call has started
    loader.want('k', ['c', 'd'], 'col1'); // waits for the first call...
    loader.want('k', ['e', 'f'], 'col1'); // ...and is replaced before it starts
    loader.want('k', ['x'], 'col2'); // another slot is kept
    await flush();
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b'], ['e', 'f'], ['x']]);
  });

  it('stays within its capacity, dropping the oldest answers first', async () => {
    const { loader, flush } = recording(10, 3);
    loader.want('k', ['a', 'b', 'c']);
    await flush();
    loader.want('k', ['d']);
    await flush();
    expect(loader.has('k', 'a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => loader.has('k', id))).toBe(true);
  });

  it('loads everything asked with loadAll, reporting progress', async () => {
    const loader = new BatchLoader<number>({
      batchSize: 2,
      capacity: 100,
      load: async (_key, ids) => new Map(ids.map((id) => [id, id.length])),
    });
    const progress: number[] = [];
    await loader.loadAll('k', ['a', 'bb', 'ccc', 'a'], (done) => progress.push(done));
    expect(progress).toEqual([2, 3]);
    expect(loader.get('k', 'ccc')).toBe(3);
  });
});

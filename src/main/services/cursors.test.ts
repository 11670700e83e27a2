/** Cursors: bounded pulls, no reading ahead, closing and expiry release the source, sessions own them. */
import { describe, expect, it } from 'vitest';
import { type CursorSource, CursorTable } from './cursors';
import { SessionHub } from './sessions';

/** A source of `chunks` chunks of `size` numbers that records what was asked of it. */
function countingSource(chunks: number, size: number) {
  const log = { pulls: 0, closed: 0 };
  let i = 0;
  const source: CursorSource<number, { chunk: number }> = {
    async next() {
      if (i >= chunks) return undefined;
      log.pulls++;
      const items = Array.from({ length: size }, (_, k) => i * size + k);
      i++;
      return { items, extra: { chunk: i } };
    },
    async close() {
      log.closed++;
    },
  };
  return { source, log };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CursorTable', () => {
  it('gives bounded batches in order and reads nothing ahead of what is taken', async () => {
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    const table = new CursorTable();
    const { source, log } = countingSource(3, 10);
    const id = table.open(session, 'test', source);
    expect(log.pulls).toBe(0);
    const first = await table.take<number, { chunk: number }>(session, id, 4);
    expect(first).toEqual({ items: [0, 1, 2, 3], extra: { chunk: 1 }, done: false });
    expect(log.pulls).toBe(1);
    const second = await table.take<number, unknown>(session, id, 100);
    expect(second.items).toEqual([4, 5, 6, 7, 8, 9]);
    expect(log.pulls).toBe(1); // the buffered rest came first, without a new read
    const third = await table.take<number, unknown>(session, id, 100);
    expect(third.items).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(log.pulls).toBe(2);
    await table.take(session, id, 100);
    const last = await table.take(session, id, 100);
    expect(last).toMatchObject({ items: [], done: true });
    expect(log.closed).toBe(1);
    await expect(table.take(session, id, 1)).rejects.toThrow(/No open cursor/);
  });

  it('closes the source when the cursor is closed, and only once', async () => {
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    const table = new CursorTable();
    const { source, log } = countingSource(100, 10);
    const id = table.open(session, 'test', source);
    await table.take(session, id, 5);
    expect(await table.close(session, id)).toBe(true);
    expect(await table.close(session, id)).toBe(false);
    expect(log).toEqual({ pulls: 1, closed: 1 });
  });

  it('belongs to its session: invisible to others, closed when the session ends', async () => {
    const hub = new SessionHub();
    const a = hub.open('a', () => {});
    const b = hub.open('b', () => {});
    const table = new CursorTable();
    const { source, log } = countingSource(100, 10);
    const id = table.open(a, 'test', source);
    await expect(table.take(b, id, 1)).rejects.toThrow(/No open cursor/);
    expect(await table.close(b, id)).toBe(false);
    expect(table.openIds('a')).toEqual([id]);
    await a.dispose();
    expect(log.closed).toBe(1);
    expect(table.openIds('a')).toEqual([]);
  });

  it('expires a cursor left unused, and keeps one in use alive', async () => {
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    const table = new CursorTable({ idleMs: 80 });
    const idle = countingSource(100, 10);
    const busy = countingSource(100, 10);
    const idleId = table.open(session, 'test', idle.source);
    const busyId = table.open(session, 'test', busy.source);
    for (let i = 0; i < 5; i++) {
      await sleep(40);
      await table.take(session, busyId, 1);
    }
    expect(idle.log.closed).toBe(1);
    expect(busy.log.closed).toBe(0);
    await expect(table.take(session, idleId, 1)).rejects.toThrow(/has ended: it was not used for a while/);
    await table.closeAll();
    expect(busy.log.closed).toBe(1);
  });

  it('returns with no items but the latest side value when a long stretch yields nothing', async () => {
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    const table = new CursorTable();
    let n = 0;
    const id = table.open(session, 'test', {
      async next() {
        await sleep(30);
        n++;
        return n < 100 ? { items: [], extra: n } : undefined;
      },
      async close() {},
    });
    const started = Date.now();
    const taken = await table.take<number, number>(session, id, 10, 100);
    expect(taken.items).toEqual([]);
    expect(taken.done).toBe(false);
    expect(taken.extra).toBeGreaterThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(1000);
    await table.closeAll();
  });

  it('frees the source when it fails, and reports the error', async () => {
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    const table = new CursorTable();
    let closed = 0;
    const id = table.open(session, 'test', {
      async next() {
        throw new Error('server gone');
      },
      async close() {
        closed++;
      },
    });
    await expect(table.take(session, id, 10)).rejects.toThrow('server gone');
    expect(closed).toBe(1);
    expect(table.openIds('s')).toEqual([]);
  });
});

/**
 * Queries through cursors on a real embedded datalake whose store counts what is asked of it: rows come in
 * bounded batches, a cursor closed early stops the store work, a bad query never borrows the datalake, and
 * switching away from the datalake ends its cursors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '#shared/contract';
import { QueryValidationError } from '#shared/errors';
import { Datalake } from '../engine';
import { openEmbeddedStore } from '../engine/stores/embedded';
import type { Store } from '../engine/stores/store';
import { CursorTable } from './cursors';
import { type DatalakeLender, QueryService } from './query-service';
import { SessionHub } from './sessions';

const CONNECTION: Connection = {
  id: 'embedded',
  name: 'Embedded datalake',
  kind: 'embedded',
  registryGeneration: 'mindtrace',
  timestamps: 'utc',
  isDefault: true,
};

let dir: string;
let dl: Datalake;
/** What the store has been asked: calls made, and key streams still open. */
const usage = { findKeys: 0, open: 0 };

/** Counts findKeys calls and how many of their streams are open (read from, not yet finished or closed). */
function spy(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'findKeys') return Reflect.get(target, prop, receiver);
      return (spec: Parameters<Store['findKeys']>[0]) => {
        usage.findKeys++;
        const inner = target.findKeys(spec);
        return (async function* () {
          usage.open++;
          try {
            yield* inner;
          } finally {
            usage.open--;
          }
        })();
      };
    },
  });
}

const QUERY = [
  { 'data.type': 'image', column: 'image_id', strategy: 'earliest' },
  { derived_from: 'image_id', 'data.type': 'classification', column: 'label_id' },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlb-query-service-'));
  dl = await Datalake.open({ store: spy(await openEmbeddedStore(dir)) });
  const images = await dl.addData(Array.from({ length: 6000 }, (_, i) => ({ data: { type: 'image', i } })));
  await dl.addData(
    images
      .filter((_, i) => i % 2 === 0)
      .map((img) => ({ data: { type: 'classification', label: 'cat' }, derivedFrom: img.id })),
  );
});
afterAll(async () => {
  await dl.close();
  await rm(dir, { recursive: true, force: true });
});

function lender(retired = new AbortController()) {
  const state = { acquired: 0, released: 0 };
  const lend: DatalakeLender = {
    async acquire() {
      state.acquired++;
      return {
        datalake: dl,
        connection: CONNECTION,
        retired: retired.signal,
        release: () => state.released++,
      };
    },
  };
  return { lend, state, retired };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('QueryService', () => {
  it('streams every row in bounded batches, with the funnel, and closes itself at the end', async () => {
    const { lend, state } = lender();
    const service = new QueryService(lend, new CursorTable());
    const session = new SessionHub().open('s', () => {});
    const { cursorId, columns } = await service.open(session, { query: QUERY });
    expect(columns).toEqual(['image_id', 'label_id']);
    const rows: Array<Record<string, string>> = [];
    let last: Awaited<ReturnType<QueryService['next']>> | undefined;
    for (let i = 0; i < 100 && !last?.done; i++) {
      last = await service.next(session, { cursorId, maxRows: 700 });
      expect(last.rows.length).toBeLessThanOrEqual(700);
      rows.push(...last.rows);
    }
    expect(last?.done).toBe(true);
    expect(last?.stats).toEqual({ survivors: [6000, 3000], complete: true });
    expect(rows).toEqual(await dl.queryData(QUERY));
    expect(state).toEqual({ acquired: 1, released: 1 });
    expect(await service.close(session, { cursorId })).toEqual({ closed: false });
  });

  it('stops the store work when a cursor is closed early', async () => {
    const before = usage.findKeys;
    await dl.queryData(QUERY);
    const fullRun = usage.findKeys - before;
    expect(fullRun).toBeGreaterThanOrEqual(3); // the base, then one lookup per base batch

    const { lend, state } = lender();
    const service = new QueryService(lend, new CursorTable());
    const session = new SessionHub().open('s', () => {});
    const start = usage.findKeys;
    const { cursorId } = await service.open(session, { query: QUERY });
    const first = await service.next(session, { cursorId, maxRows: 10 });
    expect(first.rows).toHaveLength(10);
    expect(first.stats?.complete).toBe(false);
    expect(await service.close(session, { cursorId })).toEqual({ closed: true });
    const atClose = usage.findKeys;
    await sleep(300);
    expect(usage.findKeys).toBe(atClose); // nothing more was asked of the store
    expect(usage.open).toBe(0); // and every stream it opened is closed
    expect(atClose - start).toBeLessThan(fullRun);
    expect(state.released).toBe(1);
    await expect(service.next(session, { cursorId })).rejects.toThrow(/No open cursor/);
  });

  it('refuses an invalid query before borrowing the datalake', async () => {
    const { lend, state } = lender();
    const service = new QueryService(lend, new CursorTable());
    const session = new SessionHub().open('s', () => {});
    const err = await service
      .open(session, { query: [{ column: 'a' }, { column: 'b', derived_from: 'nope' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(QueryValidationError);
    expect(err.message).toBe('Unknown derived_from reference: nope');
    expect(state.acquired).toBe(0);
  });

  it('ends its cursors when the session ends or the datalake is switched away from', async () => {
    const ended = lender();
    const service = new QueryService(ended.lend, new CursorTable());
    const hub = new SessionHub();
    const session = hub.open('s', () => {});
    await service.open(session, { query: QUERY });
    await session.dispose();
    expect(ended.state.released).toBe(1);

    const switched = lender();
    const other = new QueryService(switched.lend, new CursorTable());
    const live = hub.open('t', () => {});
    const { cursorId } = await other.open(live, { query: QUERY });
    await other.next(live, { cursorId, maxRows: 5 });
    switched.retired.abort();
    await expect(other.next(live, { cursorId, maxRows: 10 })).rejects.toThrow(
      /has ended: the datalake it was reading was closed or switched away from/,
    );
    await expect.poll(() => switched.state.released).toBe(1);
    expect(usage.open).toBe(0);
  });
});

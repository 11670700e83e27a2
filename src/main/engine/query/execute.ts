/**
 * Runs a planned query as a stream of row batches (spec §3). Per batch of base rows it makes one `$in`
 * query per derived stage, never one query per row, and it reads the next base batch while the current
 * one is being resolved. With `datumsWanted` it stops as soon as enough complete rows exist, so the
 * first rows never wait for the whole base set.
 */
import { CancelledError } from '#shared/errors';
import type { Row } from '#shared/query/types';
import type { Store } from '../stores/store';
import type { DatumKeys } from '../types';
import type { PlannedStage } from './plan';
import { parentsWithCandidates, pickPerParent, shuffle } from './strategies';

export interface ExecuteOptions {
  datumsWanted?: number;
  signal?: AbortSignal;
  /**
   * At most this many base rows per batch, read from the store page by page, so memory stays bounded
   * whatever the number of rows (exports). Without it, a query that reads every base row takes their keys
   * in one statement where the store can: quicker in total, but it holds every key at once.
   */
  maxBatch?: number;
}

/** How many rows survived each stage so far: the query builder's funnel. */
export interface QueryStats {
  /** survivors[0] = base datums read; survivors[i] = rows still alive after stage i. */
  survivors: number[];
  /** False while more base datums remain unread (counts are then lower bounds). */
  complete: boolean;
}

export interface RowBatch {
  rows: Row[];
  stats: QueryStats;
}

type WorkingRow = Array<string | null>;

/** The first base batch of a query without datumsWanted: small, so the first rows come quickly. */
const FIRST_BATCH = 1000;
/**
 * After the first batch and one ×4 step, base batches jump to this size, so a long query makes few round
 * trips per derived stage (each one over a long parent list costs about one scan of the stage's matches).
 */
const MAX_BATCH = 100_000;
/** The largest batch asked of a store's cursor (server batches stay moderate; the executor regroups). */
const MAX_STORE_BATCH = 50_000;

export async function* executeQuery(
  store: Store,
  stages: PlannedStage[],
  options: ExecuteOptions = {},
): AsyncGenerator<RowBatch> {
  if (stages.length === 0) return;
  throwIfAborted(options.signal);
  const wanted = options.datumsWanted ?? undefined; // null from JSON callers means "all rows", as in Python
  const stats: QueryStats = { survivors: stages.map(() => 0), complete: false };
  let emitted = 0;
  const base = baseBatches(store, stages, wanted, options.signal, options.maxBatch ?? MAX_BATCH);
  let next: Promise<IteratorResult<DatumKeys[]>> | undefined = base.next();
  let batches = 0;
  try {
    while (true) {
      const step = await (next ?? base.next());
      throwIfAborted(options.signal);
      if (step.done) break;
      // Prefetch the next base batch while this one resolves, except after the first: on a store that runs
      // one statement at a time (the embedded one), a long read of the rest would hold back its rows.
      next = batches++ === 0 ? undefined : base.next();
      let rows: WorkingRow[] = step.value.map((k) => {
        const row: WorkingRow = new Array(stages.length).fill(null);
        row[0] = k.id;
        return row;
      });
      stats.survivors[0] += rows.length;
      for (let i = 1; i < stages.length && rows.length > 0; i++) {
        rows = await resolveStage(store, stages, i, rows);
        stats.survivors[i] += rows.length;
        throwIfAborted(options.signal);
      }
      if (wanted !== undefined && emitted + rows.length >= wanted) {
        // Rows past the wanted count are not returned, so the funnel does not count them either.
        stats.survivors[stages.length - 1] -= rows.length - (wanted - emitted);
        rows = rows.slice(0, wanted - emitted);
        emitted += rows.length;
        yield {
          rows: rows.map((r) => toRow(stages, r)),
          stats: { ...stats, survivors: [...stats.survivors] },
        };
        return;
      }
      emitted += rows.length;
      // A batch whose rows all dropped still goes out: its counts move the funnel while nothing survives.
      yield { rows: rows.map((r) => toRow(stages, r)), stats: snapshot(stats) };
    }
    stats.complete = true;
    yield { rows: [], stats: snapshot(stats) };
  } finally {
    // A prefetch still in flight may fail (store closed, server gone): it must not surface unhandled.
    next?.catch(() => {});
    await base.return(undefined).catch(() => {});
  }
}

function snapshot(stats: QueryStats): QueryStats {
  return { survivors: [...stats.survivors], complete: stats.complete };
}

/** The base datums in the order of the base strategy, in batches that grow after a quick first one. */
async function* baseBatches(
  store: Store,
  stages: PlannedStage[],
  wanted: number | undefined,
  signal: AbortSignal | undefined,
  cap: number,
): AsyncGenerator<DatumKeys[]> {
  const base = stages[0];
  // Without derived stages every base row is complete, so the store can apply the limit itself.
  const limit = stages.length === 1 ? wanted : undefined;
  const first = Math.min(
    cap,
    wanted !== undefined ? Math.min(MAX_STORE_BATCH, Math.max(256, wanted * 2)) : FIRST_BATCH,
  );
  if (base.strategy === 'random') {
    // A uniform order needs every candidate id first; only keys are read, so this stays small.
    const all: DatumKeys[] = [];
    for await (const batch of store.findKeys({ filter: base.filter, batchSize: MAX_STORE_BATCH })) {
      for (const k of batch) all.push(k);
      throwIfAborted(signal);
    }
    shuffle(all);
    const picked = limit !== undefined ? all.slice(0, limit) : all;
    let size = first;
    for (let i = 0; i < picked.length; i += size, size = nextSize(size, first, cap))
      yield picked.slice(i, i + size);
    return;
  }
  const sort = base.strategy === 'quickest' ? undefined : (base.strategy as 'latest' | 'earliest');
  // Without datumsWanted every base row is read anyway, so the store may favour total time, unless the
  // batches are capped below the default (bounded memory asked for).
  const readAll = wanted === undefined && cap >= MAX_BATCH;
  yield* growing(
    store.findKeys({
      filter: base.filter,
      sort,
      limit,
      batchSize: first,
      maxBatchSize: Math.min(MAX_STORE_BATCH, cap),
      readAll,
    }),
    first,
    cap,
  );
}

/** Batch sizes: `first`, then ×4, then `cap` (a quick start, then few round trips). */
function nextSize(size: number, first: number, cap: number): number {
  return size === first ? Math.min(cap, first * 4) : cap;
}

/** Regroups a store's batches (whatever their size) into batches of `first`, ×4, then `cap`. */
async function* growing(
  source: AsyncIterable<DatumKeys[]>,
  first: number,
  cap: number,
): AsyncGenerator<DatumKeys[]> {
  let target = first;
  let buffer: DatumKeys[] = [];
  for await (const batch of source) {
    for (const k of batch) buffer.push(k);
    while (buffer.length >= target) {
      yield buffer.slice(0, target);
      buffer = buffer.slice(target);
      target = nextSize(target, first, cap);
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** Resolves derived stage `i` for a batch of rows with one `$in` query over their parents. */
async function resolveStage(
  store: Store,
  stages: PlannedStage[],
  i: number,
  rows: WorkingRow[],
): Promise<WorkingRow[]> {
  const stage = stages[i];
  const parents = new Set<string>();
  for (const r of rows) parents.add(r[stage.parent]!);
  const candidates: DatumKeys[] = [];
  for await (const batch of store.findKeys({
    filter: stage.filter,
    parentIn: [...parents],
    batchSize: MAX_STORE_BATCH,
  })) {
    for (const c of batch) candidates.push(c);
  }
  if (stage.strategy === 'missing') {
    const taken = parentsWithCandidates(candidates);
    return rows.filter((r) => !taken.has(r[stage.parent]!));
  }
  const chosen = pickPerParent(candidates, stage.strategy);
  const kept: WorkingRow[] = [];
  for (const r of rows) {
    const pick = chosen.get(r[stage.parent]!);
    if (pick) {
      r[i] = pick;
      kept.push(r);
    }
  }
  return kept;
}

function toRow(stages: PlannedStage[], r: WorkingRow): Row {
  const row: Row = {};
  stages.forEach((s, i) => {
    if (s.strategy !== 'missing') row[s.column] = r[i]!;
  });
  return row;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError('The query was cancelled');
}

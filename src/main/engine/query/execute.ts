/**
 * Runs a planned query as a stream of row batches (spec §3). Per batch of base rows it makes one `$in`
 * query per derived stage, never one query per row, and it reads the next base batch while the current
 * one is being resolved. With `datumsWanted` it stops as soon as enough complete rows exist, so the
 * first rows never wait for the whole base set.
 */
import type { ObjectId } from 'bson';
import { CancelledError } from '../../../shared/errors';
import type { Row } from '../../../shared/query/types';
import type { Store } from '../stores/store';
import type { DatumKeys } from '../types';
import type { PlannedStage } from './plan';
import { parentsWithCandidates, pickPerParent, shuffle } from './strategies';

export interface ExecuteOptions {
  datumsWanted?: number;
  signal?: AbortSignal;
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

type WorkingRow = Array<ObjectId | null>;

const MAX_BATCH = 10_000;

export async function* executeQuery(
  store: Store,
  stages: PlannedStage[],
  options: ExecuteOptions = {},
): AsyncGenerator<RowBatch> {
  if (stages.length === 0) return;
  const wanted = options.datumsWanted;
  const stats: QueryStats = { survivors: stages.map(() => 0), complete: false };
  let emitted = 0;
  const base = baseBatches(store, stages, wanted);
  try {
    let next = base.next();
    while (true) {
      const step = await next;
      throwIfAborted(options.signal);
      if (step.done) break;
      next = base.next(); // prefetch the next base batch while this one resolves
      let rows: WorkingRow[] = step.value.map((k) => {
        const row: WorkingRow = new Array(stages.length).fill(null);
        row[0] = k._id;
        return row;
      });
      stats.survivors[0] += rows.length;
      for (let i = 1; i < stages.length && rows.length > 0; i++) {
        rows = await resolveStage(store, stages, i, rows);
        stats.survivors[i] += rows.length;
        throwIfAborted(options.signal);
      }
      if (wanted !== undefined && emitted + rows.length >= wanted) {
        rows = rows.slice(0, wanted - emitted);
        emitted += rows.length;
        yield {
          rows: rows.map((r) => toRow(stages, r)),
          stats: { ...stats, survivors: [...stats.survivors] },
        };
        return;
      }
      emitted += rows.length;
      if (rows.length > 0) yield { rows: rows.map((r) => toRow(stages, r)), stats: snapshot(stats) };
    }
    stats.complete = true;
    yield { rows: [], stats: snapshot(stats) };
  } finally {
    await base.return(undefined);
  }
}

function snapshot(stats: QueryStats): QueryStats {
  return { survivors: [...stats.survivors], complete: stats.complete };
}

/** The base datums in the order of the base strategy, in batches. */
async function* baseBatches(
  store: Store,
  stages: PlannedStage[],
  wanted?: number,
): AsyncGenerator<DatumKeys[]> {
  const base = stages[0];
  const onlyBase = stages.length === 1;
  // Without derived stages every base row is complete, so the store can apply the limit itself.
  const limit = onlyBase ? wanted : undefined;
  const batchSize = wanted !== undefined ? Math.min(MAX_BATCH, Math.max(256, wanted * 2)) : MAX_BATCH;
  if (base.strategy === 'random') {
    // A uniform order needs every candidate id first; only keys are read, so this stays small.
    const all: DatumKeys[] = [];
    for await (const batch of store.findKeys({ filter: base.filter, batchSize: MAX_BATCH }))
      all.push(...batch);
    shuffle(all);
    const picked = limit !== undefined ? all.slice(0, limit) : all;
    for (let i = 0; i < picked.length; i += batchSize) yield picked.slice(i, i + batchSize);
    return;
  }
  const sort = base.strategy === 'quickest' ? undefined : (base.strategy as 'latest' | 'earliest');
  yield* store.findKeys({ filter: base.filter, sort, limit, batchSize });
}

/** Resolves derived stage `i` for a batch of rows with one `$in` query over their parents. */
async function resolveStage(
  store: Store,
  stages: PlannedStage[],
  i: number,
  rows: WorkingRow[],
): Promise<WorkingRow[]> {
  const stage = stages[i];
  const parents = new Map<string, ObjectId>();
  for (const r of rows) {
    const p = r[stage.parent]!;
    parents.set(p.toHexString(), p);
  }
  const candidates: DatumKeys[] = [];
  for await (const batch of store.findKeys({
    filter: stage.filter,
    parentIn: [...parents.values()],
    batchSize: 50_000,
  })) {
    for (const c of batch) candidates.push(c);
  }
  if (stage.strategy === 'missing') {
    const taken = parentsWithCandidates(candidates);
    return rows.filter((r) => !taken.has(r[stage.parent]!.toHexString()));
  }
  const chosen = pickPerParent(candidates, stage.strategy);
  const kept: WorkingRow[] = [];
  for (const r of rows) {
    const pick = chosen.get(r[stage.parent]!.toHexString());
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
    if (s.strategy !== 'missing') row[s.column] = r[i]!.toHexString();
  });
  return row;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError('The query was cancelled');
}

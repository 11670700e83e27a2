/**
 * One query run at a time, streamed through the cursor calls (`query.open` → `query.next`… → `query.close`).
 * Rows are pulled only as far as the grid needs (see pull-policy.ts), so a paused grid leaves the store
 * idle; Cancel closes the cursor, which aborts the engine's work. Errors (a query the engine refuses, a
 * server gone mid-query) end the run with the rows received so far kept on screen, and Retry runs it again.
 *
 * The builder drives it with `runQuery(query, options)` and `cancelQuery()`, and mounts `QueryRunPanel`.
 */
import { create } from 'zustand';
import type { QueryStatsJson } from '#shared/contract';
import type { QueryInput, Row } from '#shared/query/types';
import { getClient } from '../../api/client';
import { demandFor, INITIAL_DEMAND, nextPullSize } from './pull-policy';
import { type StageLabel, stageLabels } from './query-stages';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface RunOptions {
  /** At most this many complete rows; null or absent for all. */
  datumsWanted?: number | null;
  /** Show `{column: [ids]}`: one column of ids per query column. */
  transpose?: boolean;
}

export interface RunTiming {
  /** `performance.now()` when Run was pressed. */
  started: number;
  /** When the first rows arrived from the host. */
  firstRows: number | null;
  finished: number | null;
}

export interface QueryRunState {
  status: RunStatus;
  /** Increases with every run: views key their per-run state (selection, scroll) on it. */
  runId: number;
  query: QueryInput | null;
  options: RunOptions;
  /** Every stage of the query (missing ones too), for the funnel. */
  stages: StageLabel[];
  /** The result's columns (the non-missing stages), known once the cursor is open. */
  columns: string[];
  rows: Row[];
  stats: QueryStatsJson | null;
  error: Error | null;
  /** Rows the grid wants loaded; the run pauses once it holds them. */
  demand: number;
  /** Pull until the end, whatever the grid shows. */
  loadAll: boolean;
  /** True while the run holds what the grid wants and waits for it to want more. */
  waiting: boolean;
  timing: RunTiming | null;
  run(query: QueryInput, options?: RunOptions): Promise<void>;
  cancel(): Promise<void>;
  retry(): Promise<void>;
  /** The grid's last visible row (an index into the received rows). */
  reportVisible(lastVisible: number): void;
  /** The grid has asked for the values of the rows it shows (see `FIRST_VALUES_WAIT_MS`). */
  valuesAsked(): void;
  setLoadAll(): void;
}

/**
 * After the first rows, the run waits (at most this long) for the grid to ask for their values before it
 * pulls again: the host answers calls in turn, and on the embedded store the next pull reads the rest of
 * the base keys at once, which would hold back the first screen's values by a second on a large lake.
 */
const FIRST_VALUES_WAIT_MS = 300;

/** The run in progress: its cursor, and a way to wake its loop when the grid wants more rows. */
interface ActiveRun {
  id: number;
  cursorId: string | null;
  stopped: boolean;
  wake: () => void;
  /** Resolves the wait for the grid's first value lookups. */
  valuesAsked: () => void;
}

let active: ActiveRun | null = null;

export const useQueryRun = create<QueryRunState>((set, get) => {
  const closeCursor = (run: ActiveRun) => {
    const cursorId = run.cursorId;
    run.cursorId = null;
    if (!cursorId) return Promise.resolve();
    return getClient()
      .call('query.close', { cursorId })
      .then(
        () => undefined,
        () => undefined, // already ended or the host is gone: nothing is left to stop
      );
  };

  const stop = (run: ActiveRun | null) => {
    if (!run) return Promise.resolve();
    run.stopped = true;
    run.wake();
    return closeCursor(run);
  };

  async function pump(run: ActiveRun, query: QueryInput, options: RunOptions) {
    const client = getClient();
    const isCurrent = () => active === run && !run.stopped;
    try {
      const opened = await client.call('query.open', {
        query: query as Record<string, unknown> | unknown[],
        datumsWanted: options.datumsWanted ?? null,
        transpose: options.transpose ?? false,
      });
      run.cursorId = opened.cursorId;
      if (!isCurrent()) {
        await closeCursor(run); // cancelled or replaced while opening
        return;
      }
      set({ columns: opened.columns });
      for (;;) {
        const state = get();
        const size = nextPullSize(state.rows.length, state.demand, state.loadAll);
        if (size === 0) {
          set({ waiting: true });
          await new Promise<void>((resolve) => {
            run.wake = resolve;
          });
          if (!isCurrent()) return;
          set({ waiting: false });
          continue;
        }
        const batch = await client.call('query.next', { cursorId: opened.cursorId, maxRows: size });
        if (!isCurrent()) return;
        const now = performance.now();
        set((s) => ({
          rows: batch.rows.length > 0 ? s.rows.concat(batch.rows) : s.rows,
          stats: batch.stats ?? s.stats,
          timing:
            s.timing && s.timing.firstRows === null && batch.rows.length > 0
              ? { ...s.timing, firstRows: now }
              : s.timing,
        }));
        if (batch.rows.length > 0 && get().rows.length === batch.rows.length && !batch.done) {
          await new Promise<void>((resolve) => {
            run.valuesAsked = resolve;
            setTimeout(resolve, FIRST_VALUES_WAIT_MS);
          });
          if (!isCurrent()) return;
        }
        if (batch.done) {
          run.cursorId = null; // the host closed it with the last batch
          set((s) => ({
            status: 'done',
            waiting: false,
            timing: s.timing && { ...s.timing, finished: performance.now() },
          }));
          active = null;
          return;
        }
      }
    } catch (err) {
      if (!isCurrent()) return;
      active = null;
      void closeCursor(run);
      set((s) => ({
        status: 'error',
        waiting: false,
        error: err instanceof Error ? err : new Error(String(err)),
        timing: s.timing && { ...s.timing, finished: performance.now() },
      }));
    }
  }

  return {
    status: 'idle',
    runId: 0,
    query: null,
    options: {},
    stages: [],
    columns: [],
    rows: [],
    stats: null,
    error: null,
    demand: INITIAL_DEMAND,
    loadAll: false,
    waiting: false,
    timing: null,

    async run(query, options = {}) {
      void stop(active);
      const run: ActiveRun = {
        id: get().runId + 1,
        cursorId: null,
        stopped: false,
        wake: () => {},
        valuesAsked: () => {},
      };
      active = run;
      set({
        status: 'running',
        runId: run.id,
        query,
        options,
        stages: stageLabels(query),
        columns: [],
        rows: [],
        stats: null,
        error: null,
        demand: INITIAL_DEMAND,
        loadAll: false,
        waiting: false,
        timing: { started: performance.now(), firstRows: null, finished: null },
      });
      await pump(run, query, options);
    },

    async cancel() {
      const run = active;
      if (!run || get().status !== 'running') return;
      active = null;
      set((s) => ({
        status: 'cancelled',
        waiting: false,
        timing: s.timing && { ...s.timing, finished: performance.now() },
      }));
      await stop(run);
    },

    async retry() {
      const { query, options } = get();
      if (query !== null) await get().run(query, options);
    },

    valuesAsked() {
      active?.valuesAsked();
    },

    reportVisible(lastVisible) {
      // Only a run still pulling at the grid's pace cares (no store update, so no re-render, otherwise).
      if (!active || get().loadAll || get().status !== 'running') return;
      const demand = demandFor(lastVisible);
      if (demand <= get().demand) return;
      set({ demand });
      active?.wake();
    },

    setLoadAll() {
      set({ loadAll: true });
      active?.wake();
    },
  };
});

/** Starts a run (replacing any other): what the builder's Run button and Ctrl/Cmd+Enter call. */
export const runQuery = (query: QueryInput, options?: RunOptions) =>
  useQueryRun.getState().run(query, options);

/** Stops the current run: closes its cursor, which stops the store work. */
export const cancelQuery = () => useQueryRun.getState().cancel();

/**
 * How far ahead of the grid the run pulls rows: the grid reports the last row it shows, and the run keeps a
 * margin of rows loaded beyond it, so scrolling never waits while nothing is read far ahead of the user
 * (the cursor's pace is the backpressure that keeps the store idle). "Load all" lifts the limit.
 */
import { MAX_ROWS_PER_NEXT } from '#shared/contract';

/** Rows loaded before the grid has said anything: a few screens, enough for a first look and a funnel. */
export const INITIAL_DEMAND = 5000;
/** Rows kept loaded beyond the last row the grid shows. */
export const LOOKAHEAD = 5000;

/** The number of rows the run should hold for a grid whose last visible row is `lastVisible`. */
export function demandFor(lastVisible: number): number {
  return Math.max(INITIAL_DEMAND, lastVisible + 1 + LOOKAHEAD);
}

/** How many rows the next `query.next` asks for; 0 means wait until the grid wants more. */
export function nextPullSize(loaded: number, demand: number, loadAll: boolean): number {
  if (loadAll) return MAX_ROWS_PER_NEXT;
  const missing = demand - loaded;
  return missing <= 0 ? 0 : Math.min(MAX_ROWS_PER_NEXT, Math.max(missing, 1000));
}

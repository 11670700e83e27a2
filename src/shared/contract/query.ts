/**
 * Queries (datalake.md §3) through a cursor: `query.open` validates and starts the query, `query.next` pulls
 * a bounded batch of rows with the funnel counts so far, `query.close` stops the store work. Rows are
 * `{column: id}` objects; transposing is the client's presentation of the same rows.
 */
import { z } from 'zod';

export const MAX_ROWS_PER_NEXT = 10_000;

/** How many rows survived each stage so far: the query builder's funnel. */
export const queryStatsSchema = z.object({
  /** survivors[0] = base datums read; survivors[i] = rows still alive after stage i. */
  survivors: z.array(z.number().int().nonnegative()),
  /** False while more base datums remain unread (counts are then lower bounds). */
  complete: z.boolean(),
});
export type QueryStatsJson = z.output<typeof queryStatsSchema>;

export const rowSchema = z.record(z.string(), z.string());

export const queryCalls = {
  'query.open': {
    input: z.object({
      /** One query object or a list of them, with Extended JSON values (validated by the engine). */
      query: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
      /** At most this many complete rows; null or absent for all. */
      datumsWanted: z.number().int().positive().nullable().optional(),
      /** How the client shows the rows; kept with the run in the query history. */
      transpose: z.boolean().optional(),
    }),
    /** `columns`: the result's columns in order (the non-missing stages). */
    output: z.object({ cursorId: z.string(), columns: z.array(z.string()) }),
  },
  'query.next': {
    input: z.object({
      cursorId: z.string().min(1),
      /** At most this many rows (default 1,000). */
      maxRows: z.number().int().positive().max(MAX_ROWS_PER_NEXT).optional(),
    }),
    /**
     * `done`: every row has been delivered (the cursor is then closed). A batch may hold no rows while the
     * query is still working; its `stats` then tell how far it got.
     */
    output: z.object({
      rows: z.array(rowSchema),
      stats: queryStatsSchema.nullable(),
      done: z.boolean(),
    }),
  },
  'query.close': {
    input: z.object({ cursorId: z.string().min(1) }),
    /** `closed: false` when the cursor had already finished, expired or been closed. */
    output: z.object({ closed: z.boolean() }),
  },
} as const;

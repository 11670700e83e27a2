/**
 * The overview of the active datalake, in calls that do not wait for each other: the estimated count at
 * once (`overview.get`), the counts by `data.type` (computed once per connection and cached, with progress
 * events while they run), the exact count on request, and the schema sample.
 */
import { z } from 'zod';
import { isoDate } from './common';
import { connectionSchema } from './connections';

export const typeCountSchema = z.object({
  type: z.string().nullable(),
  count: z.number().int().nonnegative(),
});
export type TypeCount = z.output<typeof typeCountSchema>;

export const typeCountsSchema = z.object({
  connectionId: z.string(),
  /** `type: null` groups datums without a string `data.type`; biggest first. */
  counts: z.array(typeCountSchema),
  /** When these counts were computed (a cached answer keeps its time). */
  computedAt: isoDate,
  /** How long computing them took (ms). */
  durationMs: z.number().nonnegative(),
  /** True when the counts come from the cache of an earlier call, with no write through this app since. */
  cached: z.boolean(),
});
export type TypeCounts = z.output<typeof typeCountsSchema>;

export const overviewCalls = {
  'overview.get': {
    input: z.object({}),
    /** From the store's statistics or counter: no scan, so it answers at once on any size of datalake. */
    output: z.object({
      estimatedCount: z.number().int().nonnegative(),
      connection: connectionSchema,
    }),
  },
  'overview.typeCounts': {
    /** `refresh` recomputes even when the cached counts are current (writes by other programs). */
    input: z.object({ refresh: z.boolean().optional() }),
    output: typeCountsSchema,
  },
  'overview.exactCount': {
    input: z.object({}),
    output: z.object({ count: z.number().int().nonnegative() }),
  },
  'overview.schema': {
    input: z.object({}),
    output: z.object({
      sampled: z.number().int().nonnegative(),
      /** `types` are JSON types plus `objectId`/`date`/`binary` for BSON values; arrays are `array`. */
      fields: z.array(
        z.object({ path: z.string(), types: z.array(z.string()), count: z.number().int().nonnegative() }),
      ),
    }),
  },
} as const;

export const overviewEvents = {
  /**
   * While counts by type run: datums looked at so far, out of about `total` (null when the store cannot
   * tell, as with MongoDB's `$group`). Throttled; the call's answer ends it.
   */
  'overview.typeCounts.progress': z.object({
    connectionId: z.string(),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
    startedAt: isoDate,
  }),
} as const;

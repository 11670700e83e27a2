/** The overview of the active datalake: counts and the schema sample. */
import { z } from 'zod';
import { connectionSchema } from './connections';

export const typeCountSchema = z.object({
  type: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

export const overviewCalls = {
  'overview.get': {
    input: z.object({}),
    output: z.object({
      estimatedCount: z.number().int().nonnegative(),
      /** `type: null` groups datums without a string `data.type`. */
      countsByType: z.array(typeCountSchema),
      connection: connectionSchema,
    }),
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

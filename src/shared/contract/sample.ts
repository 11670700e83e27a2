/** The sample dataset: a small computer-vision datalake generated into an empty one. */
import { z } from 'zod';
import { typeCountSchema } from './overview';

/** The typed result of a `sample.load` job (carried in `job.done.result`). */
export const sampleLoadResultSchema = z.object({
  images: z.number().int().nonnegative(),
  classifications: z.number().int().nonnegative(),
  bboxes: z.number().int().nonnegative(),
  unlabelled: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  registryUri: z.string(),
  /** The same numbers `overview.get` shows (`type: null` for the registry-stored image files). */
  countsByType: z.array(typeCountSchema),
});
export type SampleLoadResult = z.output<typeof sampleLoadResultSchema>;

export const sampleCalls = {
  'sample.load': {
    /** Refused (INVALID_INPUT) on a non-empty datalake. `images` defaults to a few hundred. */
    input: z.object({ images: z.number().int().min(4).max(5000).optional() }),
    output: z.object({ jobId: z.string() }),
  },
} as const;

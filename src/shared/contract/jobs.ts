/** Long-running jobs: `start → jobId`, progress events, `cancel`, and a typed end state. */
import { z } from 'zod';
import { errorPayloadSchema, isoDate } from './common';

export const jobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.output<typeof jobStatusSchema>;

export const jobStateSchema = z.object({
  jobId: z.string().min(1),
  kind: z.string().min(1),
  status: jobStatusSchema,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  message: z.string(),
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
  result: z.unknown().optional(),
  error: errorPayloadSchema.optional(),
});
export type JobState = z.output<typeof jobStateSchema>;

export const jobsCalls = {
  'jobs.get': {
    input: z.object({ jobId: z.string().min(1) }),
    output: jobStateSchema,
  },
  'jobs.list': {
    input: z.object({}),
    output: z.object({ jobs: z.array(jobStateSchema) }),
  },
  'jobs.cancel': {
    input: z.object({ jobId: z.string().min(1) }),
    /** `cancelled: false` when the job had already finished. */
    output: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const jobsEvents = {
  'job.progress': z.object({
    jobId: z.string(),
    kind: z.string(),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
    message: z.string(),
  }),
  'job.done': z.object({
    jobId: z.string(),
    kind: z.string(),
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    result: z.unknown().optional(),
    error: errorPayloadSchema.optional(),
  }),
} as const;

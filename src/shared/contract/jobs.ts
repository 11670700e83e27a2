/**
 * Long-running jobs: `start → jobId`, throttled progress events to the session that started the job,
 * `cancel`, and a typed end: `job.done` is a union discriminated on `kind`, each kind with its own result.
 * A new kind adds its name to JOB_KINDS and its result schema to JOB_RESULTS.
 */
import { z } from 'zod';
import { errorPayloadSchema, isoDate } from './common';
import { exportDatasetResultSchema, exportResultsResultSchema } from './export';
import { ingestResultSchema } from './ingest';
import { sampleLoadResultSchema } from './sample';

export const JOB_KINDS = ['sample.load', 'export.results', 'export.dataset', 'ingest'] as const;
export const jobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.output<typeof jobKindSchema>;

/** Each kind's typed result, carried by `job.done` and `jobs.get` once the job succeeded. */
export const JOB_RESULTS = {
  'sample.load': sampleLoadResultSchema,
  'export.results': exportResultsResultSchema,
  'export.dataset': exportDatasetResultSchema,
  ingest: ingestResultSchema,
} as const satisfies Record<JobKind, z.ZodType>;
export type JobResult<K extends JobKind> = z.output<(typeof JOB_RESULTS)[K]>;

export const jobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.output<typeof jobStatusSchema>;

const count = z.number().nonnegative();

/** One item that failed while the rest went on (a file that could not be read, a corrupt image). */
export const jobItemErrorSchema = z.object({
  /** What failed, as the user knows it (a file path, a row number). */
  item: z.string(),
  error: errorPayloadSchema,
});
export type JobItemError = z.output<typeof jobItemErrorSchema>;

/** Where a job stands: items and bytes done of their totals (null while unknown), rate and time left. */
export const jobProgressSchema = z.object({
  items: z.object({ done: count, total: count.nullable() }),
  bytes: z.object({ done: count, total: count.nullable() }),
  /** Per second, over the last few seconds. */
  rate: z.object({ items: count, bytes: count }),
  /** Milliseconds left at the current rate; null while unknown. */
  etaMs: count.nullable(),
  message: z.string(),
  /** The latest per-item errors (at most MAX_LISTED_ERRORS); `errorCount` counts them all. */
  errors: z.array(jobItemErrorSchema),
  errorCount: z.number().int().nonnegative(),
});
export type JobProgress = z.output<typeof jobProgressSchema>;
export const MAX_LISTED_ERRORS = 100;

export const jobStateSchema = z.object({
  jobId: z.string().min(1),
  kind: jobKindSchema,
  status: jobStatusSchema,
  progress: jobProgressSchema,
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
  /** A detached job keeps running when the window or socket that started it closes. */
  detached: z.boolean(),
  /** The kind's result (see JOB_RESULTS) once it succeeded, or when it was cancelled and gave one. */
  result: z.unknown().optional(),
  error: errorPayloadSchema.optional(),
});
export type JobState = z.output<typeof jobStateSchema>;

const endStatus = z.enum(['succeeded', 'failed', 'cancelled']);

function doneOf<K extends JobKind>(kind: K) {
  return z.object({
    jobId: z.string(),
    kind: z.literal(kind),
    status: endStatus,
    progress: jobProgressSchema,
    result: JOB_RESULTS[kind].optional(),
    error: errorPayloadSchema.optional(),
  });
}

/** `job.done` for each kind, discriminated on `kind`, so `result` has that kind's type. */
export type JobDone = {
  [K in JobKind]: {
    jobId: string;
    kind: K;
    status: z.output<typeof endStatus>;
    progress: JobProgress;
    result?: JobResult<K>;
    error?: z.output<typeof errorPayloadSchema>;
  };
}[JobKind];

// zod needs a non-empty tuple; the mapped type above gives each member its precise result type.
const doneSchemas = JOB_KINDS.map((kind) => doneOf(kind)) as unknown as [
  ReturnType<typeof doneOf<JobKind>>,
  ...ReturnType<typeof doneOf<JobKind>>[],
];
export const jobDoneSchema = z.discriminatedUnion('kind', doneSchemas) as unknown as z.ZodType<JobDone>;

export const jobsCalls = {
  'jobs.get': {
    input: z.object({ jobId: z.string().min(1) }),
    output: jobStateSchema,
  },
  'jobs.list': {
    /** The caller's own jobs and every detached job. */
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
  'job.progress': z.object({ jobId: z.string(), kind: jobKindSchema, progress: jobProgressSchema }),
  'job.done': jobDoneSchema,
} as const;

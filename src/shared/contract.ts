/**
 * The one contract every call and pushed event crosses (Electron IPC and the web host's WebSocket).
 * Everything here is JSON: dates are ISO strings, ids are 24-hex strings. Names are stable; only add.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';

// ---------- shared shapes ----------

const isoDate = z.iso.datetime({ offset: true });

export const timestampModeSchema = z.enum(['utc', 'local-as-utc']);

/** A saved or built-in connection. Never carries a password: `uriRedacted` shows `***` in its place. */
export const connectionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['embedded', 'mongodb']),
  uriRedacted: z.string().optional(),
  dbName: z.string().optional(),
  path: z.string().optional(),
  /** The local registry (a `file://` URI) where the app stores payloads for this connection. */
  registryUri: z.string().optional(),
  timestamps: timestampModeSchema,
  isDefault: z.boolean(),
});
export type Connection = z.output<typeof connectionSchema>;

export const errorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

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

/** The typed result of a `sample.load` job (carried in `job.done.result`). */
export const sampleLoadResultSchema = z.object({
  images: z.number().int().nonnegative(),
  classifications: z.number().int().nonnegative(),
  bboxes: z.number().int().nonnegative(),
  unlabelled: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  registryUri: z.string(),
  /** The same numbers `overview.get` shows (`type: null` for the registry-stored image files). */
  countsByType: z.array(z.object({ type: z.string().nullable(), count: z.number().int().nonnegative() })),
});
export type SampleLoadResult = z.output<typeof sampleLoadResultSchema>;

const mongoUri = z.string().trim().min(1, 'a MongoDB connection string');
const dbName = z.string().trim().min(1, 'a database name');
const connectionName = z.string().trim().min(1, 'a name').max(200);

// ---------- calls ----------

export const calls = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      versions: z.object({
        node: z.string(),
        electron: z.string().optional(),
        chrome: z.string().optional(),
      }),
      host: z.enum(['electron', 'web']),
      dataDir: z.string(),
      /** Whether saved passwords are encrypted at rest (safeStorage) or not (the web host's file store). */
      secretStorage: z.object({ encrypted: z.boolean(), warning: z.string().optional() }),
    }),
  },
  'connections.list': {
    input: z.object({}),
    output: z.object({ connections: z.array(connectionSchema), activeId: z.string() }),
  },
  'connections.add': {
    input: z.object({
      name: connectionName,
      kind: z.literal('mongodb'),
      uri: mongoUri,
      dbName,
      timestamps: timestampModeSchema.optional(),
    }),
    output: connectionSchema,
  },
  'connections.update': {
    /** A `***` password in `uri` keeps the saved one (the form shows the redacted URI). */
    input: z.object({
      id: z.string().min(1),
      name: connectionName.optional(),
      uri: mongoUri.optional(),
      dbName: dbName.optional(),
      timestamps: timestampModeSchema.optional(),
    }),
    output: connectionSchema,
  },
  'connections.delete': {
    input: z.object({ id: z.string().min(1) }),
    output: z.object({ deleted: z.boolean(), activeId: z.string() }),
  },
  'connections.test': {
    /** Either a saved `id`, or an unsaved `uri` + `dbName`; with both, a `***` password in `uri` uses the saved one. */
    input: z
      .object({
        id: z.string().min(1).optional(),
        uri: mongoUri.optional(),
        dbName: dbName.optional(),
        timeoutMs: z.number().int().min(100).max(60_000).optional(),
      })
      .refine((v) => v.id !== undefined || (v.uri !== undefined && v.dbName !== undefined), {
        message: 'give either a connection id, or a uri and a dbName',
      }),
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      latencyMs: z.number().nonnegative(),
      serverVersion: z.string().optional(),
    }),
  },
  'connections.activate': {
    input: z.object({ id: z.string().min(1) }),
    output: connectionSchema,
  },
  'overview.get': {
    input: z.object({}),
    output: z.object({
      estimatedCount: z.number().int().nonnegative(),
      /** `type: null` groups datums without a string `data.type`. */
      countsByType: z.array(z.object({ type: z.string().nullable(), count: z.number().int().nonnegative() })),
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
  'sample.load': {
    /** Refused (INVALID_INPUT) on a non-empty datalake. `images` defaults to a few hundred. */
    input: z.object({ images: z.number().int().min(4).max(5000).optional() }),
    output: z.object({ jobId: z.string() }),
  },
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

// ---------- events ----------

export const events = {
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
  'connections.changed': z.object({ activeId: z.string() }),
} as const;

// ---------- types ----------

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export interface EnvelopeError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: EnvelopeError };

/** The zod schema of an envelope around a given data schema. */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: errorPayloadSchema }),
  ]);
}
/** An envelope whose data is not checked (transports use it; the dispatcher checks data per call). */
export const anyEnvelopeSchema = envelopeSchema(z.unknown());

/** What a host exposes to the renderer (preload's `window.datalake`, or the WebSocket client). */
export interface DatalakeBridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>>;
  on<N extends EventName>(event: N, cb: (payload: EventPayload<N>) => void): () => void;
}

// ---------- web host wire frames ----------

export const clientFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  name: z.string(),
  input: z.unknown(),
});
export type ClientFrame = z.output<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nullable(), envelope: anyEnvelopeSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.output<typeof serverFrameSchema>;

/** The upload endpoint's answer (`POST /upload?token=...`, header `x-file-name`). */
export const uploadResultSchema = z.object({ uploadId: z.string(), size: z.number().int().nonnegative() });
export type UploadResult = z.output<typeof uploadResultSchema>;

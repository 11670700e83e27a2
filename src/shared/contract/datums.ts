/**
 * Datums as the renderer sees them: JSON-safe, with `data` and `metadata` in Extended JSON (relaxed: plain
 * numbers, `{"$date": …}`, `{"$oid": …}`, `{"$binary": …}`, `{"$numberLong": …}` beyond 2^53), and, for
 * registry datums, a summary of the payload. Payload bytes never travel as JSON: they come from the payload
 * route (`GET /payload/<id>` on the web host, the `datalake-payload:` scheme in Electron).
 */
import { z } from 'zod';
import { isoDate } from './common';

export const datumIdSchema = z.string().regex(/^[0-9a-fA-F]{24}$/, 'a 24-character hex datum id');

export const payloadKindSchema = z.enum(['json', 'text', 'bytes', 'image', 'ndarray', 'pickle', 'unknown']);
export type PayloadKind = z.output<typeof payloadKindSchema>;

/** What a registry object holds, read from its commit file and headers (never unpickled, never decoded). */
export const payloadSummarySchema = z.object({
  kind: payloadKindSchema,
  /** The Python class and materializer the commit file records. */
  className: z.string(),
  materializer: z.string(),
  /** The layout version of the object (`1.0.0`, or `1` for old Python releases). */
  version: z.string(),
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative() })),
  /** Bytes of every file together. */
  size: z.number().int().nonnegative(),
  /** The file the payload route serves by default, and its media type. */
  mainFile: z.string().nullable(),
  mediaType: z.string().nullable(),
  image: z
    .object({ format: z.string(), width: z.number().int().positive(), height: z.number().int().positive() })
    .optional(),
  array: z.object({ shape: z.array(z.number().int().nonnegative()), dtype: z.string() }).optional(),
  /** The commit file's hash; `verified` is set when the caller asked for verification. */
  hash: z.string().nullable(),
  verified: z.boolean().optional(),
});
export type PayloadSummary = z.output<typeof payloadSummarySchema>;

/** Why a registry datum's payload cannot be summarised: its object is missing, unreadable or corrupt. */
export const payloadProblemSchema = z.object({
  problem: z.enum(['missing', 'unreadable', 'corrupt']),
  message: z.string(),
});
export type PayloadProblem = z.output<typeof payloadProblemSchema>;

export const datumJsonSchema = z.object({
  id: z.string(),
  /** Extended JSON; `null` when the payload lives in a registry. With `fields`, only the chosen paths. */
  data: z.unknown(),
  registryUri: z.string().nullable(),
  registryKey: z.string().nullable(),
  derivedFrom: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** A true UTC instant (ISO 8601). */
  addedAt: isoDate,
  /** Asked for with `payload: true`, for registry datums: a summary, or the problem that prevents one. */
  payload: z.union([payloadSummarySchema, payloadProblemSchema]).optional(),
  /**
   * Asked for with `preview: true`: the datum whose payload is this datum's picture (itself, or a registry
   * child holding an image, as when an inline image datum keeps its pixels in a child); null when none.
   */
  previewId: z.string().nullable().optional(),
});
export type DatumJson = z.output<typeof datumJsonSchema>;

export const MAX_DATUMS_PER_GET = 1000;

export const datumsCalls = {
  'datums.get': {
    input: z.object({
      ids: z.array(datumIdSchema).min(1).max(MAX_DATUMS_PER_GET),
      /**
       * Paths under `data` and `metadata` to keep (e.g. `data.label`, `metadata.project`); the other
       * fields are always there. Absent: the whole datum.
       */
      fields: z
        .array(z.string().regex(/^(data|metadata)(\.[^.]+)*$/, 'a path under data or metadata'))
        .optional(),
      /** Summarise registry payloads (reads each object's commit file and headers). */
      payload: z.boolean().optional(),
      /** Also check each payload's hash (reads every byte: for one datum, not for a grid). */
      verify: z.boolean().optional(),
      /** Find each datum's picture (itself or a registry child). */
      preview: z.boolean().optional(),
    }),
    /** In the order asked; `null` for an id that names no datum. */
    output: z.object({ datums: z.array(datumJsonSchema.nullable()) }),
  },
} as const;

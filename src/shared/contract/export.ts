/**
 * Exports of a query's result: the rows with chosen fields as CSV, JSON or JSONL (streamed to a file), and
 * datasets: the payloads of chosen columns copied into a folder with a `manifest.jsonl` that traces every
 * sample back to its datums. Both are cancellable jobs; a dataset export into the same folder resumes.
 */
import { z } from 'zod';

/** A query to export, as `query.open` takes it. */
const exportQuery = {
  query: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
  datumsWanted: z.number().int().positive().nullable().optional(),
};

/** The fields written for one query column beside its datum id (`data.label`, `metadata.project`, …). */
export const exportColumnSchema = z.object({
  column: z.string().min(1),
  fields: z.array(z.string().regex(/^(data|metadata)(\.[^.]+)*$/, 'a path under data or metadata')).max(100),
});
export type ExportColumn = z.output<typeof exportColumnSchema>;

export const resultsFormatSchema = z.enum(['csv', 'json', 'jsonl']);
export type ResultsFormat = z.output<typeof resultsFormatSchema>;

/** Where an export goes: a path on the machine of the host, or (web host) a download when it is done. */
const destination = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  z.object({ kind: z.literal('download') }),
]);

export const exportResultsResultSchema = z.object({
  format: resultsFormatSchema,
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** The file written, or null for a download (fetch it from `downloadUrl`). */
  path: z.string().nullable(),
  /** The web host's `GET /download/<id>` path for a download export. */
  downloadPath: z.string().nullable(),
});
export type ExportResultsResult = z.output<typeof exportResultsResultSchema>;

export const datasetFormatSchema = z.enum(['files', 'coco', 'yolo']);

export const exportDatasetResultSchema = z.object({
  folder: z.string(),
  rows: z.number().int().nonnegative(),
  /** Files in the dataset (copied now, or already there and verified). */
  files: z.number().int().nonnegative(),
  copied: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  manifest: z.string(),
});
export type ExportDatasetResult = z.output<typeof exportDatasetResultSchema>;

export const exportCalls = {
  'export.results': {
    input: z.object({
      ...exportQuery,
      format: resultsFormatSchema,
      columns: z.array(exportColumnSchema).min(1),
      destination,
    }),
    output: z.object({ jobId: z.string() }),
  },
  'export.dataset': {
    input: z.object({
      ...exportQuery,
      /** The columns whose payloads are copied (one subfolder each). */
      columns: z.array(z.string().min(1)).min(1),
      /** An absolute folder on the host's machine (created if missing; an export there before is resumed). */
      folder: z.string().min(1),
      /** `coco` / `yolo`: also write annotations from `boxColumn`'s bbox datums for the pictures of `imageColumn`. */
      format: datasetFormatSchema.optional(),
      imageColumn: z.string().optional(),
      boxColumn: z.string().optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'host.chooseSavePath': {
    /** Electron's save dialog; the web host has none (INVALID_INPUT: type a path or use a download). */
    input: z.object({
      title: z.string().max(200).optional(),
      defaultName: z.string().max(500),
      filters: z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).optional(),
    }),
    output: z.object({ path: z.string().nullable() }),
  },
  'host.chooseFolder': {
    input: z.object({ title: z.string().max(200).optional() }),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

/**
 * Ingestion: files and folders dropped on the window (or onto a datum) become datums. A drop is planned
 * first (what becomes what, a preview of the first datums, the problems found), then started as an
 * `ingest` job whose typed result counts what was written, skipped and failed in the batch
 * (`metadata.ingest_batch`). The same drop with the same settings is the same batch: running it again
 * after a crash or a cancel finishes the rest without duplicates.
 */
import { z } from 'zod';
import { errorPayloadSchema } from './common';
import { typeCountSchema } from './overview';

/** One problem with one item (a file, a line of an annotation file); the same shape as a job's item error. */
const itemErrorSchema = z.object({ item: z.string(), error: errorPayloadSchema });

const datumId = z.string().regex(/^[0-9a-f]{24}$/, 'a 24-hex datum id');

/** Where a dropped file comes from: a path on the host (desktop app) or an upload (web host). */
export const ingestSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('path'),
    /** An absolute path of a dropped or chosen file or folder. Only the desktop app sends paths. */
    path: z.string().min(1).max(4096),
  }),
  z.object({
    kind: z.literal('upload'),
    /** The id `POST /upload` answered, in this session. */
    uploadId: z.string().min(1).max(200),
    /** Where the file sat in what was dropped (`photos/a.png`), '/'-separated. */
    relativePath: z.string().min(1).max(4096),
    /** The file's modification time as the browser saw it (ms since epoch); part of the batch identity. */
    lastModified: z.number().int().nonnegative().optional(),
  }),
]);
export type IngestSource = z.output<typeof ingestSourceSchema>;

/** Where payloads go: a registry URI (`file://`, `s3://`, `gs://`), or inline in the documents (JSON only). */
export const ingestTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('registry'), uri: z.string().trim().min(1).max(2048) }),
  z.object({ kind: z.literal('inline') }),
]);
export type IngestTarget = z.output<typeof ingestTargetSchema>;

const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a field name of letters, digits, "_" or "-"');

/** Metadata written on every datum of the drop (besides `ingest_batch` and `ingest_source`). */
export const metadataTemplateSchema = z.object({
  project: z.string().trim().max(200).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  /** Extra key/values: strings, numbers, booleans. */
  fields: z.record(fieldName, z.union([z.string().max(1000), z.number(), z.boolean()])).default({}),
});
export type MetadataTemplate = z.output<typeof metadataTemplateSchema>;

/** How files become datums. */
export const ingestModeSchema = z.object({
  /** `image`: `{type: "image", filename, width, height, format, size, sha256}`; `file`: as other files. */
  images: z.enum(['image', 'file']).default('image'),
  /** `records`: each JSON value / JSONL line a datum; `file`: the file as bytes. */
  json: z.enum(['records', 'file']).default('records'),
  /** Read COCO JSON, YOLO label folders and Pascal VOC XML as annotations of the images. */
  annotations: z.boolean().default(true),
});
export type IngestMode = z.output<typeof ingestModeSchema>;

export const MAX_INGEST_SOURCES = 100_000;

export const ingestOptionsSchema = z.object({
  sources: z.array(ingestSourceSchema).min(1, 'at least one file or folder').max(MAX_INGEST_SOURCES),
  target: ingestTargetSchema,
  /** Ingest as children of this datum (a drop onto a datum); null for new roots. */
  derivedFrom: datumId.nullable().default(null),
  metadata: metadataTemplateSchema.default({ tags: [], fields: {} }),
  mode: ingestModeSchema.default({ images: 'image', json: 'records', annotations: true }),
  /** `skip`: a file whose sha256 is already in the datalake is not added again; `add`: it is. */
  duplicates: z.enum(['skip', 'add']).default('skip'),
});
export type IngestOptions = z.output<typeof ingestOptionsSchema>;
export type IngestOptionsInput = z.input<typeof ingestOptionsSchema>;

/** One datum as the drop would write it, with the datums derived from it (annotations, the payload). */
export const previewDatumSchema = z.object({
  /** The file (and record) it comes from. */
  source: z.string(),
  /** The inline data (`null` when the payload goes to a registry as it is). */
  data: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  /** Where the bytes go: `registry` (a registry datum), or `inline` in the document. */
  storage: z.enum(['inline', 'registry']),
  /** The derived datums, depth first (the registry child holding the file, labels and their boxes); the first few. */
  children: z.array(
    z.object({
      data: z.unknown(),
      metadata: z.record(z.string(), z.unknown()),
      storage: z.enum(['inline', 'registry']),
      /** 1: derived from the datum; 2: derived from the child before it at level 1 (a box of a label). */
      level: z.number().int().min(1).max(2),
    }),
  ),
  childCount: z.number().int().nonnegative(),
});
export type PreviewDatum = z.output<typeof previewDatumSchema>;

const count = z.number().int().nonnegative();

export const ingestPlanSchema = z.object({
  batchId: z.string(),
  files: z.object({
    total: count,
    bytes: count,
    images: count,
    annotationFiles: count,
    recordFiles: count,
    other: count,
    /** Hidden files and system clutter (`.DS_Store`, `Thumbs.db`), left out. */
    ignored: count,
  }),
  formats: z.array(z.enum(['coco', 'yolo', 'voc'])),
  /** Datums the drop writes at most (duplicates and problems aside); records are counted when they are read. */
  expected: z.object({ images: count, files: count, classifications: count, bboxes: count }),
  /** Datums of this batch already in the datalake: starting finishes the rest. */
  alreadyInBatch: count,
  /** The resolved target: the registry URI, or null for inline. */
  registryUri: z.string().nullable(),
  preview: z.array(previewDatumSchema),
  /** Problems found while planning (an unreadable annotation file, an annotation for a missing image). */
  problems: z.array(itemErrorSchema),
  problemCount: count,
  /** The query that lists the batch (the summary links to it). */
  query: z.array(z.record(z.string(), z.unknown())),
});
export type IngestPlan = z.output<typeof ingestPlanSchema>;

/** The typed result of an `ingest` job (also carried when the job was cancelled). */
export const ingestResultSchema = z.object({
  batchId: z.string(),
  /** Files in the drop (images, other files, record files; annotation files are read, not stored). */
  files: count,
  /** Files whose datums landed in this run. */
  written: count,
  /** Files not written: already in the datalake (`duplicates`) or already in this batch (`inBatch`). */
  skipped: count,
  skippedDuplicates: count,
  skippedInBatch: count,
  /** Files that could not be ingested (each listed in `errors`). */
  failed: count,
  /** Datums written in this run, by `data.type` (`null` for registry datums). */
  datums: count,
  countsByType: z.array(typeCountSchema),
  /** Per-file and per-annotation errors (the first ones; `errorCount` counts them all). */
  errors: z.array(itemErrorSchema),
  errorCount: count,
  /** The batch already had datums when this run started (a re-run). */
  resumed: z.boolean(),
  cancelled: z.boolean(),
  /** Top-level datums written in this run (the first few), for the summary. */
  roots: z.array(z.object({ id: z.string(), label: z.string() })),
  registryUri: z.string().nullable(),
  query: z.array(z.record(z.string(), z.unknown())),
});
export type IngestResult = z.output<typeof ingestResultSchema>;

export const knownRegistrySchema = z.object({
  uri: z.string(),
  /** Why it is offered: the connection's own registry, or one used before with this connection. */
  origin: z.enum(['connection', 'recent']),
});

export const ingestCalls = {
  'ingest.plan': {
    /** Reads the drop (folders walked, annotation files parsed, the first files hashed) without writing. */
    input: ingestOptionsSchema,
    output: ingestPlanSchema,
  },
  'ingest.start': {
    /** Plans again and starts the `ingest` job; refused while the same batch is being ingested. */
    input: ingestOptionsSchema,
    output: z.object({ jobId: z.string(), batchId: z.string() }),
  },
  'ingest.registries': {
    /** Registries to offer as the target: the connection's own first, then recently used ones. */
    input: z.object({}),
    output: z.object({ registries: z.array(knownRegistrySchema) }),
  },
  'ingest.checkRegistry': {
    /** Checks a typed registry URI: it parses, and it can be reached and written (file) or listed (cloud). */
    input: z.object({ uri: z.string().trim().min(1).max(2048) }),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'ingest.discard': {
    /** Deletes uploads of this session that will not be ingested (a dialog closed without starting). */
    input: z.object({ uploadIds: z.array(z.string().min(1)).max(MAX_INGEST_SOURCES) }),
    output: z.object({ removed: count }),
  },
} as const;

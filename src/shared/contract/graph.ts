/**
 * Lineage for the derivation graph and the datum inspector, batched so a view costs one call per step
 * whatever its width: ancestors of many datums (one store round trip per level), children of many parents
 * counted per `data.type` (with the datums of the small groups), a page of one cluster (one parent's
 * children of one type, searchable), the chain of a query row with each stage's candidates, and the boxes
 * drawn over an image. Registry datums in these answers carry `problem` when their object is missing.
 */
import { z } from 'zod';
import { isoDate } from './common';
import { datumIdSchema, payloadProblemSchema } from './datums';

/** A datum as a graph node needs it: small, no payload. */
export const graphDatumSchema = z.object({
  id: z.string(),
  derivedFrom: z.string().nullable(),
  /** `data.type` when it is a string; null otherwise (registry datums, untyped data). */
  type: z.string().nullable(),
  /** The first key field of `data` (label, filename, name, ...), or of `metadata` for registry datums. */
  key: z.object({ field: z.string(), value: z.string() }).nullable(),
  addedAt: isoDate,
  registry: z.object({ uri: z.string(), key: z.string() }).nullable(),
  /** A registry datum whose object cannot be read (checked through its commit file). */
  problem: payloadProblemSchema.optional(),
});
export type GraphDatum = z.output<typeof graphDatumSchema>;

export const childGroupSchema = z.object({
  parent: z.string(),
  type: z.string().nullable(),
  count: z.number().int().nonnegative(),
  /** The group's datums, oldest first, when `count` is at most the call's `expandAt` (else a cluster). */
  datums: z.array(graphDatumSchema).optional(),
});
export type ChildGroupJson = z.output<typeof childGroupSchema>;

export const rowStageSchema = z.object({
  column: z.string(),
  /** The id the row holds in this column. */
  id: z.string(),
  /** The stage's strategy when the query was given (`latest`, ...); null without it or for the base. */
  strategy: z.string().nullable(),
  /** The parent the stage resolved against (the row's id in its `derived_from` column); null for the base. */
  parent: z.string().nullable(),
  /** Every candidate of the stage under that parent (its filter applied), oldest first, up to 1,000. */
  candidates: z.array(z.string()),
  candidateCount: z.number().int().nonnegative(),
  /** The candidates as nodes when there are at most 50 of them (more make a cluster). */
  candidateDatums: z.array(graphDatumSchema).optional(),
  /** The stage's filter keys (Extended JSON), or `{"data.type": …}` guessed from the pick without a query. */
  filter: z.record(z.string(), z.unknown()),
});
export type RowStage = z.output<typeof rowStageSchema>;

export const boxSchema = z.object({
  id: z.string(),
  /** The box datum's `data.type` (toggles group by it). */
  type: z.string().nullable(),
  label: z.string().nullable(),
  confidence: z.number().nullable(),
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  /** The datum the box derives from (the image itself, or a classification of it). */
  parent: z.string(),
});
export type BoxJson = z.output<typeof boxSchema>;

export const MAX_GRAPH_IDS = 1000;

export const graphCalls = {
  'graph.ancestors': {
    input: z.object({ ids: z.array(datumIdSchema).min(1).max(MAX_GRAPH_IDS) }),
    /**
     * The asked datums and every ancestor, each once (asked first, then level by level up to the roots);
     * `dangling`: `derived_from` values naming no datum, with who points to them; `unknown`: asked ids that
     * name no datum.
     */
    output: z.object({
      datums: z.array(graphDatumSchema),
      dangling: z.array(z.object({ id: z.string(), children: z.array(z.string()) })),
      unknown: z.array(z.string()),
    }),
  },
  'graph.children': {
    input: z.object({
      parents: z.array(datumIdSchema).min(1).max(MAX_GRAPH_IDS),
      /** Groups of at most this many children come with their datums; bigger ones are clusters. */
      expandAt: z.number().int().min(0).max(5000).default(5),
    }),
    /** Per parent (in the order asked), its children's groups by type, biggest first. */
    output: z.object({ groups: z.array(childGroupSchema) }),
  },
  'graph.clusterPage': {
    input: z.object({
      parent: datumIdSchema,
      type: z.string().nullable(),
      /** An id, a hex fragment of one, or text found in a key field (any case). */
      search: z.string().max(200).optional(),
      after: z.string().max(64).nullable().optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.object({ datums: z.array(graphDatumSchema), next: z.string().nullable() }),
  },
  'graph.row': {
    input: z.object({
      /** The row's ids in column order (the non-missing stages, as `query.open` lists its columns). */
      row: z.array(datumIdSchema).min(1).max(50),
      /** The query the row came from (Extended JSON): each stage's filter and strategy find its candidates. */
      query: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    }),
    output: z.object({ stages: z.array(rowStageSchema) }),
  },
  'graph.boxes': {
    input: z.object({ id: datumIdSchema }),
    /** Datums with box geometry derived from the datum or from its children (up to 500). */
    output: z.object({ boxes: z.array(boxSchema), truncated: z.boolean() }),
  },
} as const;

/**
 * A batch is one drop with its settings. Its id is a hash of the dropped files (paths, sizes, times) and
 * the settings, so the same drop again is the same batch: the datums already written are found by
 * `metadata.ingest_batch` (through an index) and only the rest is written.
 */
import { createHash } from 'node:crypto';
import type { IngestOptions } from '#shared/contract';
import type { Datalake } from '../../engine';
import type { FileEntry } from './file-kinds';

/** A datum of the batch already in the datalake, by its `metadata.ingest_source`. */
export interface Landed {
  id: string;
  data: unknown;
}

export function batchIdOf(entries: FileEntry[], options: IngestOptions, registryUri: string | null): string {
  const files = entries
    .map((e) => [e.relPath, e.size, Math.round(e.mtimeMs)])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const signature = JSON.stringify({
    v: 1,
    files,
    target: registryUri ?? 'inline',
    derivedFrom: options.derivedFrom,
    metadata: {
      project: options.metadata.project ?? null,
      tags: options.metadata.tags,
      fields: Object.entries(options.metadata.fields).sort(([a], [b]) => (a < b ? -1 : 1)),
    },
    mode: [options.mode.images, options.mode.json, options.mode.annotations],
    duplicates: options.duplicates,
  });
  return createHash('sha256').update(signature).digest('hex').slice(0, 20);
}

/** Every datum of the batch, by its source (file, record, annotation) within the drop. */
export async function loadBatch(dl: Datalake, batchId: string): Promise<Map<string, Landed>> {
  const out = new Map<string, Landed>();
  for (const d of await dl.findByValues('metadata.ingest_batch', [batchId])) {
    const source = d.metadata.ingest_source;
    if (typeof source === 'string') out.set(source, { id: d.id, data: d.data });
  }
  return out;
}

/** The query that lists a batch (the summary's link, the plan's preview of it). */
export function batchQuery(batchId: string): Array<Record<string, unknown>> {
  return [{ 'metadata.ingest_batch': batchId, column: 'datum' }];
}

/** The template's metadata as written on the datums (empty parts left out). */
export function templateMetadata(options: IngestOptions): Record<string, unknown> {
  const { project, tags, fields } = options.metadata;
  return {
    ...(project ? { project } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...fields,
  };
}

/**
 * Everything ingestion decides before writing: the dropped files, the plan (what becomes what), the
 * target registry, the parent datum, and the batch id. The service's plan and start calls, the crash
 * test's writer and the benchmark all go through here, so they ingest exactly alike.
 */
import { readFile } from 'node:fs/promises';
import type { IngestOptions } from '#shared/contract';
import { DatumNotFoundError, InvalidInputError } from '#shared/errors';
import type { Datalake } from '../../engine';
import { batchIdOf } from './batch';
import { type ResolveContext, resolveSources } from './drop-sources';
import type { FileEntry } from './file-kinds';
import type { AnnotationProblem } from './importers/types';
import { type DropPlan, planDrop } from './plan-drop';

/** Metadata keys the ingestion writes itself; a template field may not take them. */
const RESERVED_FIELDS = new Set([
  'project',
  'tags',
  'ingest_batch',
  'ingest_source',
  'source_sha256',
  'role',
  'filename',
  'annotation_format',
  'annotation_file',
]);

export interface PreparedIngest {
  drop: DropPlan;
  problems: AnnotationProblem[];
  registryUri: string | null;
  batchId: string;
  /** The files of the drop that are not clutter (their identities make the batch id). */
  entries: FileEntry[];
}

export async function prepareIngest(
  dl: Datalake,
  options: IngestOptions,
  resolve: ResolveContext,
): Promise<PreparedIngest> {
  for (const key of Object.keys(options.metadata.fields)) {
    if (RESERVED_FIELDS.has(key)) {
      throw new InvalidInputError(
        `The metadata field "${key}" is written by the ingestion itself; choose another name`,
        {
          field: key,
        },
      );
    }
  }
  const registryUri = options.target.kind === 'registry' ? options.target.uri.trim() : null;
  if (registryUri) dl.registry(registryUri); // a malformed URI or unknown scheme fails here, naming it
  if (options.derivedFrom) {
    const [parent] = await dl.findData([options.derivedFrom]);
    if (!parent) {
      throw new DatumNotFoundError(`No datum ${options.derivedFrom} to add the files under`, {
        ids: [options.derivedFrom],
      });
    }
  }
  const { entries, problems: sourceProblems } = await resolveSources(options.sources, resolve);
  const drop = await planDrop(entries, options.mode, (e) => readFile(e.absPath, 'utf8'));
  if (!registryUri && drop.files.length > 0) {
    throw new InvalidInputError(
      `${drop.files.length} of the dropped files (${drop.files[0].entry.relPath}${drop.files.length > 1 ? ', …' : ''}) need a registry for their bytes: choose a registry as the target (inline keeps JSON records only)`,
      { files: drop.files.length },
    );
  }
  const kept = [...drop.files.map((f) => f.entry), ...drop.recordFiles, ...drop.annotationFiles];
  if (kept.length === 0) {
    throw new InvalidInputError(
      drop.ignored.length > 0
        ? `The drop holds only hidden or system files (${drop.ignored[0].relPath}): nothing to ingest`
        : 'The drop holds no files',
    );
  }
  return {
    drop,
    problems: [...sourceProblems, ...drop.problems],
    registryUri,
    batchId: batchIdOf(kept, options, registryUri),
    entries: kept,
  };
}

/** Groups written at once: a local folder takes a few parallel writers, a cloud registry more (latency). */
export function ingestConcurrency(registryUri: string | null): number {
  if (!registryUri) return 1;
  return /^(s3|gs):\/\//i.test(registryUri) ? 8 : 4;
}

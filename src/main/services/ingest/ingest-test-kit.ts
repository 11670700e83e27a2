/** Test helpers: run a drop through the same planning and job the app uses, against a real Datalake. */
import { expect } from 'vitest';
import { type IngestOptionsInput, type IngestResult, ingestOptionsSchema } from '#shared/contract';
import type { Datalake, Datum } from '../../engine';
import { runIngest } from './ingest-job';
import { ingestConcurrency, prepareIngest } from './prepare';
import { fakeProgress } from './progress-sink';

export interface IngestRun {
  result: IngestResult;
  batchId: string;
  /** Every item error the job reported through its progress. */
  itemErrors: Array<{ item: string; message: string }>;
  /** Sources reported as written, in order. */
  written: string[];
}

export interface RunOptions {
  signal?: AbortSignal;
  concurrency?: number;
  onWritten?: (sources: string[]) => void;
}

/** Plans and runs a drop of local paths (as the desktop app sends them). */
export async function ingestPaths(
  dl: Datalake,
  paths: string[],
  options: Omit<IngestOptionsInput, 'sources'>,
  run: RunOptions = {},
): Promise<IngestRun> {
  const parsed = ingestOptionsSchema.parse({
    ...options,
    sources: paths.map((path) => ({ kind: 'path', path })),
  });
  const prepared = await prepareIngest(dl, parsed, {
    host: 'electron',
    upload: () => {
      throw new Error('no uploads here');
    },
  });
  const itemErrors: IngestRun['itemErrors'] = [];
  const written: string[] = [];
  const result = await runIngest({
    dl,
    drop: prepared.drop,
    planProblems: prepared.problems,
    options: parsed,
    batchId: prepared.batchId,
    registryUri: prepared.registryUri,
    concurrency: run.concurrency ?? ingestConcurrency(prepared.registryUri),
    signal: run.signal ?? new AbortController().signal,
    progress: fakeProgress(itemErrors),
    onWritten: (sources) => {
      written.push(...sources);
      run.onWritten?.(sources);
    },
  });
  return { result, batchId: prepared.batchId, itemErrors, written };
}

/** Every datum of a batch, through the engine's index on metadata.ingest_batch. */
export function batchDatums(dl: Datalake, batchId: string): Promise<Datum[]> {
  return dl.findByValues('metadata.ingest_batch', [batchId]);
}

/**
 * The checks every ingestion must pass: each registry datum's object exists and verifies, every datum's
 * parent exists, and no source appears twice in the batch (no duplicates).
 */
export async function expectConsistent(
  dl: Datalake,
  datums: Datum[],
  /** Registry datums whose payload was verified before (objects never change once committed). */
  verified: Set<string> = new Set(),
): Promise<void> {
  const sources = datums.map((d) => d.metadata.ingest_source as string);
  expect(new Set(sources).size).toBe(sources.length);
  const parents = [...new Set(datums.map((d) => d.derivedFrom).filter((p): p is string => p !== null))];
  const found = await dl.findData(parents);
  expect(found.filter((p) => p === null)).toEqual([]);
  for (const d of datums.filter((x) => x.registryUri && !verified.has(x.id))) {
    const check = await dl.verifyPayload(d);
    expect(check.ok, `payload of ${d.metadata.ingest_source}`).not.toBe(false);
    verified.add(d.id);
  }
}

export function bySource(datums: Datum[]): Map<string, Datum> {
  return new Map(datums.map((d) => [d.metadata.ingest_source as string, d]));
}

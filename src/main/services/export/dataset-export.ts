/**
 * Dataset export: the payloads of chosen columns copied into a folder (one subfolder per column), with a
 * `manifest.jsonl` tracing each row to its datums and files. Each file goes through a temporary name,
 * checked against the registry's hash on the way (single-file objects), with a SHA-256 for the manifest
 * computed from the same pass (place-file.ts). Re-running into the same folder resumes: a file an earlier
 * manifest recorded, whose bytes still have that SHA-256, is skipped. A file that fails is listed and the
 * rest goes on. Rows come in the query's batches; a batch's datums are looked up in batched calls and its
 * cells are copied a bounded number at a time, while the query already works on the next batch.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError, InvalidInputError } from '#shared/errors';
import type { QueryInput } from '#shared/query/types';
import type { Datalake } from '../../engine';
import type { Progress } from '../job-progress';
import { type AnnotationRow, writeAnnotations } from './annotations';
import { InfoReader, loadBatch, type PlannedCell, type PlanSpec, planCell } from './dataset-plan';
import { MANIFEST, MANIFEST_FORMAT, type ManifestHeader, type ManifestRow, recordedHashes } from './manifest';
import { type MadeFolders, placeFile } from './place-file';
import { EXPORT_BATCH } from './row-fields';

export interface DatasetSpec {
  query: QueryInput;
  datumsWanted?: number | null;
  columns: string[];
  format?: 'files' | 'coco' | 'yolo';
  imageColumn?: string;
  boxColumn?: string;
}

export interface DatasetContext {
  connection: ManifestHeader['connection'];
  app: { name: string; version: string };
}

export interface DatasetOutcome {
  rows: number;
  files: number;
  copied: number;
  skipped: number;
  failed: number;
  bytes: number;
}

/**
 * Cells (a row's datum in one column: its commit file read, then its files copied) worked on at once.
 * With local copies in worker threads, a cell mostly waits (for its commit file, then for a worker), so
 * many in flight keep the workers and libuv's pool busy; cloud registries are bound by round trips and
 * gain from the same overlap. (16 at a time: 2,000 small pictures in ~1.0 s; 64: ~0.85 s.)
 */
export const CELL_CONCURRENCY = 64;

export async function exportDataset(
  dl: Datalake,
  spec: DatasetSpec,
  folder: string,
  context: DatasetContext,
  signal: AbortSignal,
  progress: Progress,
): Promise<DatasetOutcome> {
  checkSpec(spec);
  await mkdir(folder, { recursive: true });
  const manifestPath = join(folder, MANIFEST);
  const partialPath = `${manifestPath}.partial`;
  // What earlier exports here recorded (read before the partial manifest is started again).
  const earlier = await recordedHashes([manifestPath, partialPath]);
  const manifest = createWriteStream(partialPath);
  await once(manifest, 'open');
  const header: ManifestHeader = {
    type: 'header',
    format: MANIFEST_FORMAT,
    version: 1,
    query: spec.query,
    datumsWanted: spec.datumsWanted ?? null,
    columns: spec.columns,
    connection: context.connection,
    app: context.app,
    exportedAt: new Date().toISOString(),
  };
  await writeLine(manifest, header);
  const outcome: DatasetOutcome = { rows: 0, files: 0, copied: 0, skipped: 0, failed: 0, bytes: 0 };
  const annotations: AnnotationRow[] = [];
  const made: MadeFolders = new Set();
  const plan: PlanSpec = {
    columns: spec.columns,
    imageColumn: spec.imageColumn,
    boxColumn: spec.boxColumn,
    folderOf: (column) => (spec.format === 'yolo' && column === spec.imageColumn ? 'images' : column),
  };
  const cancelled = () => new CancelledError('The dataset export was cancelled');
  const batches = dl
    .queryDataStream(spec.query, {
      datumsWanted: spec.datumsWanted ?? undefined,
      signal,
      maxBatch: EXPORT_BATCH,
    })
    [Symbol.asyncIterator]();
  // The next batch is asked for before this one is copied, so the query works while the files move.
  let pending = batches.next();
  try {
    for (let next = await pending; !next.done; next = await pending) {
      const batch = next.value;
      pending = batches.next();
      pending.catch(() => {}); // awaited by the next turn; an early exit must not leave it unhandled
      if (signal.aborted) throw cancelled();
      if (batch.rows.length === 0) continue;
      const datums = await loadBatch(dl, batch.rows, plan);
      const infos = new InfoReader(dl);
      const lines: ManifestRow[] = batch.rows.map((ids, i) => ({
        type: 'row',
        row: outcome.rows + i,
        ids,
        files: {},
        sha256: {},
      }));
      const cells = batch.rows.flatMap((row, rowIndex) =>
        spec.columns.map((column) => ({ row, rowIndex, column })),
      );
      const planned: PlannedCell[] = [];
      const sizes = new Map<PlannedCell, { width: number; height: number }>();
      await forEachLimited(cells, CELL_CONCURRENCY, async ({ row, rowIndex, column }) => {
        if (signal.aborted) return;
        const cell = await planCell(row, rowIndex, column, datums, infos, plan);
        if (!cell) return;
        planned.push(cell);
        const line = lines[rowIndex];
        line.files[column] = cell.files.map((f) => f.relPath);
        for (const file of cell.files) {
          if (signal.aborted) return;
          try {
            const placed = await placeFile(dl, folder, file, earlier.get(file.relPath), made);
            line.sha256[file.relPath] = placed.sha256;
            if (placed.image && cell.annotation?.file === file.relPath) sizes.set(cell, placed.image);
            outcome.files++;
            if (placed.skipped) outcome.skipped++;
            else {
              outcome.copied++;
              outcome.bytes += placed.bytes;
              progress.bytes(outcome.bytes);
            }
          } catch (err) {
            if (signal.aborted) return;
            outcome.failed++;
            line.errors = { ...line.errors, [file.relPath]: (err as Error).message };
            progress.itemError(file.relPath, err);
          }
        }
      });
      if (signal.aborted) throw cancelled();
      // A row is recorded once its files are in place: what a resumed export may trust.
      await writeLines(manifest, lines);
      // Annotations in row order, whatever order the copies finished in.
      for (const cell of planned.sort((a, b) => a.rowIndex - b.rowIndex)) {
        const size = sizes.get(cell);
        if (cell.annotation && size) annotations.push({ ...cell.annotation, ...size });
      }
      outcome.rows += batch.rows.length;
      progress(
        outcome.rows,
        batch.stats.complete ? outcome.rows : null,
        `Exported ${outcome.rows.toLocaleString('en-US')} rows, ${outcome.files.toLocaleString('en-US')} files`,
      );
    }
    if (spec.format === 'coco' || spec.format === 'yolo') {
      await writeAnnotations(folder, spec.format, annotations);
    }
    manifest.end();
    await once(manifest, 'finish');
    await rename(partialPath, manifestPath);
    progress(
      outcome.rows,
      outcome.rows,
      `Exported ${outcome.rows.toLocaleString('en-US')} rows, ${outcome.files.toLocaleString('en-US')} files`,
    );
    return outcome;
  } catch (err) {
    // The partial manifest stays: it lists what was copied, so a re-run resumes from there.
    manifest.end();
    await once(manifest, 'finish').catch(() => {});
    await batches.return?.(undefined).catch(() => {});
    throw err;
  }
}

function checkSpec(spec: DatasetSpec): void {
  if (spec.format === 'coco' || spec.format === 'yolo') {
    if (!spec.imageColumn || !spec.boxColumn) {
      throw new InvalidInputError(
        `A ${spec.format.toUpperCase()} export needs an image column and a bbox column`,
      );
    }
    if (!spec.columns.includes(spec.imageColumn)) {
      throw new InvalidInputError(
        `The image column "${spec.imageColumn}" must be one of the exported columns`,
      );
    }
  }
}

async function writeLine(out: WriteStream, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

/** A batch's lines in one write. */
async function writeLines(out: WriteStream, values: unknown[]): Promise<void> {
  if (!out.write(values.map((v) => `${JSON.stringify(v)}\n`).join(''))) await once(out, 'drain');
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

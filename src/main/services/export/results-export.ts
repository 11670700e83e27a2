/**
 * Writes a query's rows with their chosen fields to a file as CSV, JSON (one array) or JSONL, streamed: one
 * batch of rows at a time goes from the engine to the disk, so memory stays flat whatever the row count. The
 * file appears under its name only when complete (written as `<name>.partial`, then renamed); a cancelled or
 * failed export leaves nothing behind.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ExportColumn, ResultsFormat } from '#shared/contract';
import { CancelledError } from '#shared/errors';
import type { QueryInput } from '#shared/query/types';
import type { Datalake } from '../../engine';
import type { Progress } from '../job-progress';
import { csvLine } from './csv';
import { EXPORT_BATCH, exportKeys, rowsWithFields } from './row-fields';

export interface ResultsExportSpec {
  query: QueryInput;
  datumsWanted?: number | null;
  format: ResultsFormat;
  columns: ExportColumn[];
}

export async function exportResults(
  dl: Pick<Datalake, 'queryDataStream' | 'findData'>,
  spec: ResultsExportSpec,
  path: string,
  signal: AbortSignal,
  progress: Progress,
): Promise<{ rows: number; bytes: number }> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { mode: 0o644 });
  const keys = exportKeys(spec.columns);
  let rows = 0;
  try {
    await once(out, 'open');
    const stream = dl.queryDataStream(spec.query, {
      datumsWanted: spec.datumsWanted ?? undefined,
      signal,
      maxBatch: EXPORT_BATCH,
    });
    if (spec.format === 'csv') await write(out, csvLine(keys));
    if (spec.format === 'json') await write(out, '[');
    for await (const batch of stream) {
      if (signal.aborted) throw new CancelledError('The export was cancelled');
      if (batch.rows.length === 0) continue;
      const full = await rowsWithFields(dl, batch.rows, spec.columns);
      let text = '';
      for (const row of full) {
        if (spec.format === 'csv') text += csvLine(keys.map((k) => row[k]));
        else if (spec.format === 'jsonl') text += `${JSON.stringify(row)}\n`;
        else text += `${rows === 0 && text === '' ? '\n' : ',\n'}${JSON.stringify(row)}`;
      }
      await write(out, text);
      rows += full.length;
      progress(rows, batch.stats.complete ? rows : null, `Exported ${rows.toLocaleString('en-US')} rows`);
      progress.bytes(out.bytesWritten + out.writableLength);
    }
    if (spec.format === 'json') await write(out, rows === 0 ? ']\n' : '\n]\n');
    out.end();
    await once(out, 'finish');
    if (signal.aborted) throw new CancelledError('The export was cancelled');
    await rename(partial, path);
    progress(rows, rows, `Exported ${rows.toLocaleString('en-US')} rows`);
    progress.bytes(out.bytesWritten, out.bytesWritten);
    return { rows, bytes: out.bytesWritten };
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}

/** Writes and waits while the disk is behind, so a fast query cannot fill memory. */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

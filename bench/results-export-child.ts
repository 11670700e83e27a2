/**
 * The results-export memory bench's child process: exports the base rows of an embedded lake to CSV with
 * the app's own exporter (src/main/services/export/results-export.ts), sampling its memory every 20 ms,
 * once for `small` rows and once for all of them, each phase from a collected heap. Reports to the parent.
 * Usage: results-export-child.ts <lake folder> <work folder> <small>
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Datalake } from '../src/main/engine';
import { exportResults } from '../src/main/services/export/results-export';
import { fakeProgress } from '../src/main/services/ingest/progress-sink';
import { BASE } from './dataset';
import { MemoryPeaks, mb } from './memory-peaks';

export interface ExportPhase {
  rows: number;
  ms: number;
  bytes: number;
  startRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  peakArrayBuffersMb: number;
}

const [lake, work, small] = process.argv.slice(2);
const dl = await Datalake.open({ embeddedPath: lake });
const memory = new MemoryPeaks();

async function phase(datumsWanted: number | null, name: string): Promise<ExportPhase> {
  const start = memory.startPhase();
  const path = join(work, name);
  const t = performance.now();
  const { rows, bytes } = await exportResults(
    dl,
    {
      query: [BASE],
      datumsWanted,
      format: 'csv',
      columns: [{ column: BASE.column, fields: ['data.filename', 'data.width', 'metadata.project'] }],
    },
    path,
    new AbortController().signal,
    fakeProgress(),
  );
  memory.sample();
  if ((await stat(path)).size !== bytes)
    throw new Error(`${name}: the file's size is not the bytes reported`);
  return {
    rows,
    ms: Math.round(performance.now() - t),
    bytes,
    startRssMb: mb(start),
    peakRssMb: mb(memory.peak.rss),
    peakHeapMb: mb(memory.peak.heap),
    peakArrayBuffersMb: mb(memory.peak.arrayBuffers),
  };
}

const smallPhase = await phase(Number(small), 'small.csv');
const allPhase = await phase(null, 'all.csv');
memory.stop();
await dl.close();
process.send?.({ small: smallPhase, all: allPhase });

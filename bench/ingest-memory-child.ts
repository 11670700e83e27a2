/**
 * The memory bench's child process: receives a large file the way the web host receives an upload (the
 * request body streamed into the upload store's temp file), then ingests that upload into an embedded
 * store with a file registry, sampling its own memory every 20 ms. Reports peaks to the parent.
 * Usage: ingest-memory-child.ts <file> <work folder>
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestOptionsSchema } from '#shared/contract';
import { Datalake } from '../src/main/engine';
import { runIngest } from '../src/main/services/ingest/ingest-job';
import { prepareIngest } from '../src/main/services/ingest/prepare';
import { fakeProgress } from '../src/main/services/ingest/progress-sink';
import { SessionHub } from '../src/main/services/sessions';
import { UploadStore } from '../src/main/services/uploads';
import type { MemoryReport } from './ingest';
import { MemoryPeaks, mb } from './memory-peaks';

const [file, work] = process.argv.slice(2);
const dl = await Datalake.open({ embeddedPath: join(work, 'store') });
const session = new SessionHub().open('bench', () => {});
const uploads = new UploadStore();
const memory = new MemoryPeaks();
const baseline = memory.startPhase();

const uploadStart = memory.startPhase();
let t = performance.now();
const upload = await uploads.receive({ name: 'big.bin', body: createReadStream(file) }, session);
memory.sample();
const uploadReport = {
  ms: Math.round(performance.now() - t),
  startRssMb: mb(uploadStart),
  peakRssMb: mb(memory.peak.rss),
};

const ingestStart = memory.startPhase();
t = performance.now();
const options = ingestOptionsSchema.parse({
  sources: [{ kind: 'upload', uploadId: upload.uploadId, relativePath: 'drop/big.bin' }],
  target: { kind: 'registry', uri: pathToFileURL(join(work, 'registry')).href },
});
const prepared = await prepareIngest(dl, options, { host: 'web', upload: (id) => uploads.get(session, id) });
const result = await runIngest({
  dl,
  drop: prepared.drop,
  planProblems: prepared.problems,
  options,
  batchId: prepared.batchId,
  registryUri: prepared.registryUri,
  concurrency: 4,
  signal: new AbortController().signal,
  progress: fakeProgress(),
});
memory.sample();
memory.stop();
if (result.written !== 1)
  throw new Error(`the large file was not ingested: ${JSON.stringify(result.errors)}`);
const report: MemoryReport = {
  fileBytes: upload.size,
  baselineRssMb: mb(baseline),
  upload: uploadReport,
  ingest: {
    ms: Math.round(performance.now() - t),
    startRssMb: mb(ingestStart),
    peakRssMb: mb(memory.peak.rss),
    peakHeapMb: mb(memory.peak.heap),
    peakArrayBuffersMb: mb(memory.peak.arrayBuffers),
  },
};
await uploads.close();
await dl.close();
process.send?.(report);

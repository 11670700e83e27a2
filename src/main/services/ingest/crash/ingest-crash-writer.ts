/**
 * Child process for the ingestion crash test: ingests a drop folder (the same drop each time, so each
 * run resumes the batch) and, once the job says the datums of some sources are stored, appends those
 * sources to a journal with fsync — so the journal lists exactly what was reported as written before the
 * parent kills this process with SIGKILL.
 * Usage: ingest-crash-writer.ts <journal> <dropDir> <registryUri> (embedded <folder> | mongodb <uri> <db>)
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { ingestOptionsSchema } from '#shared/contract';
import { Datalake } from '../../../engine';
import { runIngest } from '../ingest-job';
import { prepareIngest } from '../prepare';
import { fakeProgress } from '../progress-sink';

const [journal, dropDir, registryUri, kind, a, b] = process.argv.slice(2);
const dl =
  kind === 'embedded'
    ? await Datalake.open({ embeddedPath: a })
    : await Datalake.open({ mongoUri: a, dbName: b });
const options = ingestOptionsSchema.parse({
  sources: [{ kind: 'path', path: dropDir }],
  target: { kind: 'registry', uri: registryUri },
  metadata: { project: 'crash' },
});
const prepared = await prepareIngest(dl, options, {
  host: 'electron',
  upload: () => {
    throw new Error('no uploads');
  },
});
const fd = openSync(journal, 'a');
process.send?.(`ready ${prepared.batchId}`);
const result = await runIngest({
  dl,
  drop: prepared.drop,
  planProblems: prepared.problems,
  options,
  batchId: prepared.batchId,
  registryUri: prepared.registryUri,
  // Two groups in flight (the app uses more): writes still overlap, and each killed round writes little
  // enough that 20 rounds never finish the drop, however fast the machine.
  concurrency: 2,
  signal: new AbortController().signal,
  progress: fakeProgress(),
  onWritten: (sources) => {
    writeSync(fd, `${sources.join('\n')}\n`);
    fsyncSync(fd);
    process.send?.(`wrote ${sources.length}`);
  },
});
closeSync(fd);
await dl.close();
process.send?.(
  `done ${JSON.stringify({ written: result.written, skipped: result.skipped, failed: result.failed })}`,
);

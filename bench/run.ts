/**
 * `npm run bench`: builds the benchmark datalake on each store and measures the engine against the
 * per-row baseline and the floor (fewest driver/SQL calls), measures ingestion against a plain copy and
 * its memory on a large file, then writes bench/RESULTS.md.
 * Options: --stores=embedded,mongodb,ingest  --scale=1 (embedded)  --mongo-scale=0.05  --runs=3
 *          --ingest-files=10000  --ingest-memory-gb=2 (0 skips the large file)
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Datalake } from '../src/main/engine';
import { benchStore, type StoreReport } from './bench-store';
import { benchIngest, type IngestReport } from './ingest';
import { renderResults } from './report';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const stores = (args.stores ?? 'embedded,mongodb,ingest').split(',');
const runs = Number(args.runs ?? 3);
const reports: StoreReport[] = [];
let ingestReport: IngestReport | null = null;
const scratch = await mkdtemp(join(tmpdir(), 'dl-bench-'));

try {
  if (stores.includes('embedded')) {
    const scale = Number(args.scale ?? 1);
    reports.push(
      await benchStore({
        name: 'embedded (PGlite)',
        scale,
        runs,
        open: () => Datalake.open({ embeddedPath: join(scratch, 'embedded') }),
        baselineRows: 2000,
      }),
    );
  }
  if (stores.includes('mongodb')) {
    const { startServices, stopServices } = await import('../scripts/services');
    const started = process.env.MONGODB_URI ? null : await startServices();
    try {
      const uri = process.env.MONGODB_URI ?? started!.MONGODB_URI;
      const scale = Number(args['mongo-scale'] ?? (process.env.MONGODB_URI ? 1 : 0.05));
      const dbName = `bench_${Date.now()}`;
      reports.push(
        await benchStore({
          name: `MongoDB store (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB 1.24.2, SQLite backend'})`,
          scale,
          runs,
          open: () => Datalake.open({ mongoUri: uri, dbName }),
          mongo: { uri, dbName },
          baselineRows: 100,
        }),
      );
    } finally {
      if (started) await stopServices(started);
    }
  }
  if (stores.includes('ingest')) {
    ingestReport = await benchIngest({
      scratch,
      files: Number(args['ingest-files'] ?? 10_000),
      runs,
      memoryBytes: Math.round(Number(args['ingest-memory-gb'] ?? 2) * 1024 ** 3),
    });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// Each store's report is kept in bench/results/<store>.json, so a run of one store keeps the others'.
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
const resultsDir = join(import.meta.dirname, 'results');
await mkdir(resultsDir, { recursive: true });
for (const r of [...reports, ...(ingestReport ? [ingestReport] : [])]) {
  const name = 'kind' in r ? 'ingest' : r.name.startsWith('embedded') ? 'embedded' : 'mongodb';
  await writeFile(
    join(resultsDir, `${name}.json`),
    `${JSON.stringify({ ...r, machine, date: new Date().toISOString(), runs }, null, 2)}\n`,
  );
}
const all = await Promise.all(
  (await readdir(resultsDir))
    .filter((f) => f.endsWith('.json'))
    .map(async (f) => JSON.parse(await readFile(join(resultsDir, f), 'utf8'))),
);
const md = renderResults(
  all.filter((r) => r.kind !== 'ingest'),
  all.find((r) => r.kind === 'ingest') ?? null,
);
await writeFile(join(import.meta.dirname, 'RESULTS.md'), md);
console.log(md);

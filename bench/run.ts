/**
 * `npm run bench`: builds the benchmark datalake on each store and measures the engine against the
 * per-row baseline and the floor (fewest driver/SQL calls), then writes bench/RESULTS.md.
 * Options: --stores=embedded,mongodb  --scale=1 (embedded)  --mongo-scale=0.05  --runs=3  --browser=false
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Datalake } from '../src/main/engine';
import { benchStore, type StoreReport } from './bench-store';
import { benchBrowser } from './browser-results';
import { renderResults } from './report';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const stores = (args.stores ?? 'embedded,mongodb').split(',');
const runs = Number(args.runs ?? 3);
// --browser=false skips the results screen in Chromium (it needs Debian's Chromium and a built renderer).
const browser = args.browser !== 'false';
const reports: StoreReport[] = [];
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
    if (browser) {
      console.error('[bench] results screen in Chromium through the web host');
      // The web host opens <dataDir>/embedded: the datalake just measured, now closed.
      reports[reports.length - 1].browser = await benchBrowser(scratch, runs);
    }
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
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// Each store's report is kept in bench/results/<store>.json, so a run of one store keeps the others'.
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
const resultsDir = join(import.meta.dirname, 'results');
await mkdir(resultsDir, { recursive: true });
for (const r of reports) {
  const file = join(resultsDir, `${r.name.startsWith('embedded') ? 'embedded' : 'mongodb'}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ ...r, machine, date: new Date().toISOString(), runs }, null, 2)}\n`,
  );
}
const all = await Promise.all(
  (await readdir(resultsDir))
    .filter((f) => f.endsWith('.json'))
    .map(async (f) => JSON.parse(await readFile(join(resultsDir, f), 'utf8'))),
);
const md = renderResults(all);
await writeFile(join(import.meta.dirname, 'RESULTS.md'), md);
console.log(md);

/**
 * `npm run bench`: builds the benchmark datalake on each store and measures the engine against the
 * per-row baseline and the floor (fewest driver/SQL calls), and the overview screen of the embedded lake
 * (engine, services, and Chromium against the built renderer), then writes bench/RESULTS.md.
 * Options: --stores=embedded,mongodb  --scale=1 (embedded)  --mongo-scale=0.05  --runs=3
 *          --only=overview (the overview of the embedded lake only)  --lake=<folder> (an existing embedded
 *          lake for --only=overview, instead of generating one)  --no-build (use out/renderer as it is)
 *          --browser=false (skip the results screen in Chromium)
 *          --only=<suite> (one suite of bench/suites.ts: graph, export, results-export, ingest); without
 *          --only, the suites run after the stores when the embedded store is measured.
 *          --suites=graph,export (the suites run after the stores; `none` for none; all by default)
 *          --export-images=2000 (dataset export)  --export-rows=1000000 (results export memory)
 *          --ingest-files=10000 --ingest-memory-gb=2 (ingestion: small images, and the large file: 0 GB
 *          skips the large file and keeps its last measurement)
 */

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Datalake } from '../src/main/engine';
import { openEmbeddedStore } from '../src/main/engine/stores/embedded';
import { openMongoStore } from '../src/main/engine/stores/mongo/mongo-store';
import { benchStore, type StoreReport } from './bench-store';
import { benchBrowser } from './browser-results';
import { generate, shapeFor } from './dataset';
import { benchOverview, type OverviewReport } from './overview';
import { renderResults } from './report';
import { SUITES } from './suites';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
if (args.help === 'true') {
  // The options are documented once, in this file's opening comment.
  const source = await readFile(import.meta.filename, 'utf8');
  const doc = source.slice(source.indexOf('/**') + 3, source.indexOf('*/'));
  console.log(doc.replace(/^ ?\* ?/gm, '').trim());
  process.exit(0);
}
const stores = (args.stores ?? 'embedded,mongodb').split(',');
const runs = Number(args.runs ?? 3);
const build = args['no-build'] !== 'true';
// --browser=false skips the results screen in Chromium (it needs Debian's Chromium and a built renderer).
const browser = args.browser !== 'false';
const reports: StoreReport[] = [];
const scratch = await mkdtemp(join(tmpdir(), 'dl-bench-'));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
const resultsDir = join(import.meta.dirname, 'results');
let overviewOnly: OverviewReport | undefined;
const suite = SUITES.find((x) => x.name === args.only);
if (args.only && args.only !== 'overview' && !suite) {
  throw new Error(`--only=${args.only}: not a suite (overview, ${SUITES.map((x) => x.name).join(', ')})`);
}
const suiteReports = new Map<string, unknown>();
// --suites=graph,export (or none): the suites run after the stores; all of them by default.
const afterStores = (args.suites ?? SUITES.map((x) => x.name).join(',')).split(',');

try {
  if (suite) {
    suiteReports.set(suite.name, await suite.run({ runs, machine, args }));
  } else if (args.only === 'overview') {
    let lake = args.lake;
    if (!lake) {
      lake = join(scratch, 'embedded');
      const scale = Number(args.scale ?? 1);
      const dl = await Datalake.open({ embeddedPath: lake });
      console.error(`[bench] overview: generating the lake (scale ${scale})`);
      await generate(dl, shapeFor(scale));
      await dl.close();
    } else if (!existsSync(lake)) {
      throw new Error(`--lake=${lake}: no such folder`);
    }
    overviewOnly = await benchOverview(lake, runs, machine, build);
  } else if (stores.includes('embedded')) {
    const scale = Number(args.scale ?? 1);
    const embeddedDir = join(scratch, 'embedded');
    reports.push(
      await benchStore({
        name: 'embedded (PGlite)',
        scale,
        runs,
        open: () => openEmbeddedStore(embeddedDir),
        afterGenerate: () => benchOverview(embeddedDir, runs, machine, build),
        baselineRows: 2000,
      }),
    );
    if (browser) {
      console.error('[bench] results screen in Chromium through the web host');
      // The web host opens <dataDir>/embedded: the datalake just measured, now closed.
      reports[reports.length - 1].browser = await benchBrowser(scratch, runs);
    }
  }
  if (stores.includes('mongodb') && !overviewOnly && !suite) {
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
          open: () => openMongoStore({ uri, dbName }),
          mongo: { uri, dbName },
          baselineRows: 100,
        }),
      );
    } finally {
      if (started) await stopServices(started);
    }
  }
  if (!args.only && stores.includes('embedded')) {
    for (const s of SUITES.filter((x) => afterStores.includes(x.name)))
      suiteReports.set(s.name, await s.run({ runs, machine, args }));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// Each store's report is kept in bench/results/<store>.json, so a run of one store keeps the others'.
await mkdir(resultsDir, { recursive: true });
if (overviewOnly) {
  // Only the overview was measured: it replaces the overview of the embedded report, the rest stays.
  const file = join(resultsDir, 'embedded.json');
  const stored = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : null;
  if (!stored) throw new Error('bench/results/embedded.json is missing: run the embedded bench once in full');
  await writeFile(file, `${JSON.stringify({ ...stored, overview: overviewOnly }, null, 2)}\n`);
}
for (const r of reports) {
  const file = join(resultsDir, `${r.name.startsWith('embedded') ? 'embedded' : 'mongodb'}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ ...r, machine, date: new Date().toISOString(), runs }, null, 2)}\n`,
  );
}
for (const [name, report] of suiteReports) {
  await writeFile(join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
const suiteFiles = new Set(SUITES.map((x) => `${x.name}.json`));
const all = await Promise.all(
  (await readdir(resultsDir))
    .filter((f) => f.endsWith('.json') && !suiteFiles.has(f))
    .map(async (f) => JSON.parse(await readFile(join(resultsDir, f), 'utf8'))),
);
const sections: string[] = [];
for (const s of SUITES) {
  const file = join(resultsDir, `${s.name}.json`);
  if (existsSync(file)) sections.push(s.render(JSON.parse(await readFile(file, 'utf8'))));
}
const md = [renderResults(all), ...sections].join('\n');
await writeFile(join(import.meta.dirname, 'RESULTS.md'), md);
console.log(md);

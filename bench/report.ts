/** Renders bench/RESULTS.md from the measurements. */
import type { StoreReport } from './bench-store';
import { fmt, ratio } from './measure';
import { OVERVIEW_BUDGETS, type OverviewReport } from './overview';

export type StoredReport = StoreReport & { machine: string; date: string; runs: number };

export function renderResults(reports: StoredReport[]): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    '- Command: `npm run bench` (options: `--stores=embedded,mongodb --scale=1 --mongo-scale=0.05 --runs=3`);',
    '  medians of the runs; per-row baselines of long queries are measured on a prefix and extrapolated, as noted.',
    '- Budgets (product.md): 3-level queries within 1.25× of the floor and ≥ 20× faster than the per-row baseline;',
    '  first 100 rows < 300 ms on the embedded store; tree walk one round trip per level; the overview of the',
    '  embedded lake: estimate < 100 ms, counts by type < 1 s, first paint in Chromium < 500 ms.',
    '  `npm run bench -- --only=overview [--lake=<embedded folder>]` measures the overview alone.',
    '',
    '## What is compared',
    '',
    '- **engine**: `Datalake.queryData` as the app runs it (validation, streaming batches, strategies).',
    '- **floor**: the fewest store calls that give the same rows — one base query, then one query per',
    '  derived level over *all* parents at once, picking the latest child in memory. On the embedded store',
    '  these are raw SQL statements on its table and indexes (a single containment per filter, no exact',
    '  MongoDB re-check); on MongoDB, raw driver `find` calls. The bench checks the engine returns exactly',
    "  the floor's rows before timing anything.",
    "- **per-row baseline**: the Python library's original loop — one `find` per row and derived level.",
    '',
  ];
  for (const r of reports) {
    out.push(
      `## ${r.name}`,
      '',
      `Measured ${r.date} on ${r.machine}, median of ${r.runs} runs.`,
      `Datalake: ${r.datums.toLocaleString('en')} datums (scale ${r.scale}).`,
      '',
    );
    out.push(
      '| query | rows | engine | store calls | floor | engine / floor | per-row baseline | baseline / engine | budget |',
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const q of r.queries) {
      const vsFloor = q.engineMs / q.floorMs;
      const vsBase = q.baselineMs / q.engineMs;
      const ok =
        vsFloor <= 1.25 && vsBase >= 20
          ? 'met'
          : `MISSED (${vsFloor > 1.25 ? `floor ×${vsFloor.toFixed(2)}` : ''}${vsBase < 20 ? ` baseline only ×${vsBase.toFixed(1)}` : ''})`;
      out.push(
        `| ${q.name} | ${q.rows} | ${fmt(q.engineMs)} | ${q.engineCalls} | ${fmt(q.floorMs)} | ${ratio(q.engineMs, q.floorMs)} | ${fmt(q.baselineMs)} | ${ratio(q.baselineMs, q.engineMs)} | ${ok} |`,
      );
    }
    out.push('', 'Per-row baseline notes:', ...r.queries.map((q) => `- ${q.name}: ${q.baselineNote}`), '');
    out.push(
      `- Tree walk (getIndirectlyDerivedData): ${r.tree.nodes} nodes over ${r.tree.levels} levels below the root in ${fmt(r.tree.ms)}, ${r.tree.calls} store calls (one existence check, one per level, one that finds the last level has no children).`,
      `- First rows of the 3-level query: first streamed batch in ${fmt(r.firstRows.streamMs)}; with datumsWanted 100 in ${fmt(r.firstRows.wantedMs)}.`,
      `- Inserts: bulk addData ${Math.round(r.insert.bulkPerSec).toLocaleString('en')} datums/s (while generating), per-row addDatum loop ${Math.round(r.insert.perRowPerSec).toLocaleString('en')} datums/s, floor (raw store insertMany of 5,000) ${Math.round(r.insert.floorPerSec).toLocaleString('en')} datums/s.`,
      '',
    );
    if (r.overview) out.push(...renderOverview(r.overview));
  }
  if (reports.some((r) => r.name.includes('FerretDB'))) {
    out.push(
      '## About the FerretDB numbers',
      '',
      'No MongoDB server can be installed on the benchmark machine, so the MongoDB store runs against',
      'FerretDB 1.24 with its SQLite backend. That server pushes no filter down to SQLite: every `find`',
      'scans the whole collection and `$in` compares each document with every listed id. The bench',
      'therefore runs it at a small scale, and its ratios say more about FerretDB than about the engine.',
      'With a real MongoDB: `MONGODB_URI=mongodb://… npm run bench -- --stores=mongodb --mongo-scale=1`.',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function renderOverview(o: OverviewReport): string[] {
  const b = OVERVIEW_BUDGETS;
  const browser = 'skipped' in o.browser ? null : o.browser;
  const out = [
    '### The overview of this lake (the first screen)',
    '',
    `Measured ${o.date} on ${o.machine}, medians; ${o.datums.toLocaleString('en')} datums.`,
    `Load average (1 / 5 / 15 min) ${o.load.before} at the start and ${o.load.after} at the end:`,
    'the machine was shared with other work while this ran, so these times are noisy (and pessimistic).',
    '',
    '| part | engine | call through the services | in Chromium, from navigation start | budget |',
    '|---|---:|---:|---:|---|',
    `| estimated count | ${fmt(o.engine.estimateMs)} | ${fmt(o.calls.estimateMs)} | first paint ${browser ? fmt(browser.firstPaintMs) : '—'} | call < ${b.estimateMs} ms: ${verdict(o.calls.estimateMs < b.estimateMs)}; first paint < ${b.firstPaintMs} ms: ${browser ? verdict(browser.firstPaintMs < b.firstPaintMs) : 'not measured'} |`,
    `| counts by type | ${fmt(o.engine.typeCountsMs)} (store counters; first after opening ${fmt(o.engine.typeCountsFirstMs)}) | first ${fmt(o.calls.typeCountsFirstMs)}, cached ${fmt(o.calls.typeCountsCachedMs)}, refresh ${fmt(o.calls.typeCountsRefreshMs)} | ${browser ? fmt(browser.typeCountsMs) : '—'} | first call < ${b.typeCountsMs} ms: ${verdict(o.calls.typeCountsFirstMs < b.typeCountsMs)} |`,
    `| schema sample (1,000 datums) | ${fmt(o.engine.schemaMs)} | ${fmt(o.calls.schemaMs)} | ${browser ? fmt(browser.schemaMs) : '—'} | — |`,
    '',
    `- The same counts by type without the store's counters (a full grouping of the table, which a lake written before the counters existed pays once, with progress): ${fmt(o.engine.scanMs)}.`,
    `- Opening the lake: ${fmt(o.engine.openMs)}; starting the web host on it: ${fmt(o.calls.hostStartMs)}.`,
  ];
  if (browser) {
    out.push(
      `- Chromium runs (each with a web host of its own, nothing cached in the services): ${browser.runs
        .map(
          (r) =>
            `estimate ${fmt(r.estimate)}, by type ${fmt(r.typeCounts)}, schema ${fmt(r.schema)}${r.firstContentfulPaint !== null ? ` (first contentful paint ${fmt(r.firstContentfulPaint)})` : ''}`,
        )
        .join('; ')}.`,
    );
  } else {
    out.push(`- Chromium: not measured (${(o.browser as { skipped: string }).skipped}).`);
  }
  out.push('');
  return out;
}

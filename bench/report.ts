/** Renders bench/RESULTS.md from the measurements. */
import type { StoreReport } from './bench-store';
import type { IngestReport } from './ingest';
import { fmt, ratio } from './measure';
import { renderIngest } from './report-ingest';

export type StoredReport = StoreReport & { machine: string; date: string; runs: number };
export type StoredIngestReport = IngestReport & { machine: string; date: string; runs: number };

export function renderResults(reports: StoredReport[], ingest: StoredIngestReport | null = null): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    '- Command: `npm run bench` (options: `--stores=embedded,mongodb --scale=1 --mongo-scale=0.05 --runs=3`);',
    '  medians of the runs; per-row baselines of long queries are measured on a prefix and extrapolated, as noted.',
    '- Budgets (product.md): 3-level queries within 1.25× of the floor and ≥ 20× faster than the per-row baseline;',
    '  first 100 rows < 300 ms on the embedded store; tree walk one round trip per level.',
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
  if (ingest) out.push(...renderIngest(ingest));
  return `${out.join('\n')}\n`;
}

/**
 * The benchmark suites beside the store benchmarks: each measures one screen or job, keeps its report in
 * bench/results/<name>.json (so running one suite keeps the others' numbers) and renders its own section
 * of RESULTS.md. `npm run bench -- --only=<name>` runs one of them.
 */
import { benchDatasetExport, type ExportReport, renderDatasetExport } from './dataset-export';
import { benchGraph, type GraphReport, renderGraph } from './graph';
import { benchIngest, type IngestReport } from './ingest';
import { renderIngest } from './report-ingest';
import { benchResultsExport, type ResultsExportReport, renderResultsExport } from './results-export';

export interface SuiteContext {
  runs: number;
  machine: string;
  args: Record<string, string>;
}

export interface Suite<R> {
  name: string;
  run(ctx: SuiteContext): Promise<R>;
  render(report: R): string;
}

export const SUITES: Array<Suite<any>> = [
  { name: 'graph', run: (c) => benchGraph(c.runs, c.machine), render: (r: GraphReport) => renderGraph(r) },
  {
    name: 'export',
    run: (c) => benchDatasetExport(Number(c.args['export-images'] ?? 2000), c.runs, c.machine),
    render: (r: ExportReport) => renderDatasetExport(r),
  },
  {
    name: 'results-export',
    run: (c) => benchResultsExport(Number(c.args['export-rows'] ?? 1_000_000), c.machine),
    render: (r: ResultsExportReport) => renderResultsExport(r),
  },
  {
    name: 'ingest',
    run: (c) =>
      benchIngest({
        files: Number(c.args['ingest-files'] ?? 10_000),
        memoryBytes: Math.round(Number(c.args['ingest-memory-gb'] ?? 2) * 1024 ** 3),
        runs: c.runs,
        machine: c.machine,
      }),
    render: (r: IngestReport) => renderIngest(r),
  },
];

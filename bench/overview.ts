/**
 * The overview of the benchmark lake, as a user meets it: the estimated count, the counts by type and the
 * schema sample, measured in the engine, through the services (the web host's dispatcher, in process), and
 * in Chromium against the built renderer served by the web host (when the estimate is first painted).
 * Every browser run starts its own web host, so the services hold nothing cached from an earlier run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, RENDERER_DIR, ROOT } from '../e2e/support/paths';
import { Datalake } from '../src/main/engine';
import { startWebHost, type WebHost } from '../src/main/web-host/server';
import { median } from './measure';

export interface BrowserRun {
  /** From navigation start to the frame after each part appeared (ms). */
  estimate: number;
  typeCounts: number;
  schema: number;
  firstContentfulPaint: number | null;
}

export interface OverviewReport {
  datums: number;
  /** When and where (the overview may be measured apart from the rest of the bench: `--only=overview`). */
  date: string;
  machine: string;
  /** The machine's 1 / 5 / 15-minute load averages when the overview bench started and ended. */
  load: { before: string; after: string };
  engine: {
    openMs: number;
    estimateMs: number;
    /** The first count by type after opening (it builds the counters of a lake written before them). */
    typeCountsFirstMs: number;
    typeCountsMs: number;
    scanMs: number;
    schemaMs: number;
  };
  calls: {
    hostStartMs: number;
    estimateMs: number;
    typeCountsFirstMs: number;
    typeCountsCachedMs: number;
    typeCountsRefreshMs: number;
    schemaMs: number;
  };
  browser:
    | { runs: BrowserRun[]; firstPaintMs: number; typeCountsMs: number; schemaMs: number }
    | { skipped: string };
}

export const OVERVIEW_BUDGETS = { estimateMs: 100, typeCountsMs: 1000, firstPaintMs: 500 };

const loadAverages = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

const log = (what: string) => console.error(`[bench] overview: ${what}`);

/** `embeddedDir` is an embedded store's folder; it is opened by one thing at a time. */
export async function benchOverview(
  embeddedDir: string,
  runs: number,
  machine: string,
  build = true,
): Promise<OverviewReport> {
  const date = new Date().toISOString();
  const before = loadAverages();
  const engine = await measureEngine(embeddedDir, runs);
  // The web host opens `<dataDir>/embedded`: a data folder of its own whose `embedded` is the lake.
  const dataDir = await mkdtemp(join(tmpdir(), 'dl-bench-overview-'));
  try {
    await symlink(embeddedDir, join(dataDir, 'embedded'), 'dir');
    const calls = await measureCalls(dataDir, runs);
    const browser = await measureBrowser(dataDir, runs, build);
    const after = loadAverages();
    return {
      datums: engine.datums,
      date,
      machine,
      load: { before, after },
      engine: engine.times,
      calls,
      browser,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measureEngine(embeddedDir: string, runs: number) {
  log('engine');
  let t0 = performance.now();
  const dl = await Datalake.open({ embeddedPath: embeddedDir });
  const openMs = performance.now() - t0;
  try {
    const estimate = await median(runs, () => dl.estimatedCount());
    const datums = await dl.count();
    if (estimate.value !== datums) throw new Error(`estimate ${estimate.value} != count ${datums}`);
    t0 = performance.now();
    await dl.countBy('data.type');
    const typeCountsFirstMs = performance.now() - t0;
    const counts = await median(runs, () => dl.countBy('data.type'));
    // The same grouping without the store's counters: what a lake written before them pays once.
    t0 = performance.now();
    const scan = await dl.countBy('data.type', {
      filter: { added_at: { $gte: { $date: '1970-01-01T00:00:00Z' } } },
    });
    const scanMs = performance.now() - t0;
    const norm = (g: Array<{ value: unknown; count: number }>) => JSON.stringify(g);
    if (norm(scan) !== norm(counts.value)) throw new Error('the counters and a full grouping disagree');
    const schema = await median(runs, () => dl.sample(1000));
    return {
      datums,
      times: {
        openMs,
        estimateMs: estimate.ms,
        typeCountsFirstMs,
        typeCountsMs: counts.ms,
        scanMs,
        schemaMs: schema.ms,
      },
    };
  } finally {
    await dl.close();
  }
}

async function startHost(dataDir: string): Promise<{ host: WebHost; ms: number }> {
  const t0 = performance.now();
  const host = await startWebHost({ dataDir, rendererDir: RENDERER_DIR, log: () => {} });
  return { host, ms: performance.now() - t0 };
}

async function measureCalls(dataDir: string, runs: number): Promise<OverviewReport['calls']> {
  log('calls through the services');
  const { host, ms: hostStartMs } = await startHost(dataDir);
  const call = async <T>(name: Parameters<WebHost['dispatcher']['call']>[0], input: object = {}) => {
    const answer = await host.dispatcher.call(name, input);
    if (!answer.ok) throw new Error(`${name} failed: ${answer.error.message}`);
    return answer.data as T;
  };
  try {
    const estimate = await median(runs, () => call('overview.get'));
    const t0 = performance.now();
    const first = await call<{ cached: boolean }>('overview.typeCounts');
    const typeCountsFirstMs = performance.now() - t0;
    if (first.cached) throw new Error('the first overview.typeCounts of a fresh host was cached');
    const cached = await median(runs, () => call('overview.typeCounts'));
    const refresh = await median(runs, () => call('overview.typeCounts', { refresh: true }));
    const schema = await median(runs, () => call('overview.schema'));
    return {
      hostStartMs,
      estimateMs: estimate.ms,
      typeCountsFirstMs,
      typeCountsCachedMs: cached.ms,
      typeCountsRefreshMs: refresh.ms,
      schemaMs: schema.ms,
    };
  } finally {
    await host.close();
  }
}

/** Records, in the page, when each part of the overview first appears (then waits one frame: painted). */
const MARKS_SCRIPT = `
window.__overviewMarks = {};
const parts = {
  estimate: '[data-testid="overview-estimated-count"]',
  typeCounts: '[data-testid^="overview-type-count-"]',
  schema: '[data-testid="overview-schema-table"]',
};
const pending = new Set();
new MutationObserver(() => {
  for (const [name, selector] of Object.entries(parts)) {
    if (pending.has(name) || !document.querySelector(selector)) continue;
    pending.add(name);
    requestAnimationFrame(() => { window.__overviewMarks[name] = performance.now(); });
  }
}).observe(document, { childList: true, subtree: true });
`;

async function measureBrowser(
  dataDir: string,
  runs: number,
  build: boolean,
): Promise<OverviewReport['browser']> {
  if (!existsSync(CHROMIUM_PATH)) return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
  if (build) {
    log('building the renderer (electron-vite build)');
    execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'pipe' });
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return { skipped: 'no built renderer in out/renderer' };
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const results: BrowserRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      log(`browser run ${i + 1} of ${runs}`);
      const { host } = await startHost(dataDir);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(MARKS_SCRIPT);
        await page.goto(host.url);
        await page.waitForSelector('[data-testid="overview-schema-table"]', { timeout: 120_000 });
        await page.waitForSelector('[data-testid^="overview-type-count-"]', { timeout: 120_000 });
        await page.waitForTimeout(100); // the last frame callback
        // A string: this file is type-checked without the DOM library.
        const marks = (await page.evaluate(`(() => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return { ...window.__overviewMarks, fcp: fcp ? fcp.startTime : null };
        })()`)) as { estimate: number; typeCounts: number; schema: number; fcp: number | null };
        results.push({
          estimate: marks.estimate,
          typeCounts: marks.typeCounts,
          schema: marks.schema,
          firstContentfulPaint: marks.fcp,
        });
      } finally {
        await context.close();
        await host.close();
      }
    }
  } finally {
    await browser.close();
  }
  const mid = (key: keyof BrowserRun) =>
    [...results.map((r) => Number(r[key]))].sort((a, b) => a - b)[Math.floor(results.length / 2)];
  return {
    runs: results,
    firstPaintMs: mid('estimate'),
    typeCountsMs: mid('typeCounts'),
    schemaMs: mid('schema'),
  };
}

/**
 * Screenshots of the query library for docs/screenshots/ (written with UPDATE_SCREENSHOTS=1): the history
 * panel beside the builder after a few runs on the sample dataset, its saved queries, and the "Export query
 * as code" dialog with the Python script, in light and dark.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebHost } from '../src/main/web-host/server';
import { test as base, expect } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { QueryBuilderPage } from './pages/query-builder-page';
import { QueryLibraryPage } from './pages/query-library-page';
import { loadSampleThroughHost } from './support/datalake-truth';
import { captureScreenshot, type Theme } from './support/screenshots';

const test = base.extend<{ shot: string }>({
  shot: ['', { option: true }],
  dataDir: async ({ shot, colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-browser', `${shot}-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

const THREE_STAGES = [
  {
    column: 'image_id',
    'metadata.project': 'sample-shapes',
    'data.type': 'image',
    'metadata.split': { $in: ['train', 'val'] },
  },
  { column: 'label_id', derived_from: 'image_id', strategy: 'latest', 'data.type': 'classification' },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
];

/** Runs a query to its end through the host's dispatcher, so the history holds real runs. */
async function recordRun(host: WebHost, query: unknown, datumsWanted?: number): Promise<void> {
  const opened = await host.dispatcher.call('query.open', { query, datumsWanted });
  if (!opened.ok) throw new Error(opened.error.message);
  for (;;) {
    const page = await host.dispatcher.call('query.next', { cursorId: opened.data.cursorId, maxRows: 1000 });
    if (!page.ok) throw new Error(page.error.message);
    if (page.data.done) return;
  }
}

async function prepare(host: WebHost): Promise<void> {
  await loadSampleThroughHost(host);
  const images = { column: 'image_id', 'metadata.project': 'sample-shapes', 'data.type': 'image' };
  const labels = { column: 'label_id', derived_from: 'image_id', 'data.type': 'classification' };
  await recordRun(host, [images]);
  await recordRun(host, [images, labels, { ...THREE_STAGES[2] }], 50);
  await recordRun(host, THREE_STAGES, 100);
  const saved = [
    { name: 'Unboxed labels', description: 'Images whose latest label has no bbox yet', query: THREE_STAGES },
    {
      name: 'Labelled images',
      description: 'Every image of the sample with its latest label',
      query: [images, labels],
    },
  ];
  for (const q of saved) {
    const out = await host.dispatcher.call('queries.save', q);
    if (!out.ok) throw new Error(out.error.message);
  }
}

for (const theme of ['light', 'dark'] as Theme[]) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    test.describe(() => {
      test.use({ shot: 'query-history' });
      test(`history panel beside the builder (${theme})`, async ({ page, host }, testInfo) => {
        await prepare(host);
        await new AppFrame(page).open(host.url);
        const builder = new QueryBuilderPage(page);
        const library = new QueryLibraryPage(page);
        await builder.open();
        await library.open();
        await expect(library.historyEntries).toHaveCount(3);
        await library.historyEntries.first().getByRole('button').first().click();
        await expect(builder.stage('bbox_id')).toBeVisible();
        await expect(library.notice).toBeVisible();
        await library.panel.getByRole('button', { name: 'Dismiss' }).click();
        await builder.scrollToTop();
        await captureScreenshot(page, testInfo, 'query-history', theme);
        await library.showSaved();
        await expect(library.savedQueries).toHaveCount(2);
        await captureScreenshot(page, testInfo, 'query-saved', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'query-export-code' });
      test(`export query as code, Python (${theme})`, async ({ page, host }, testInfo) => {
        await prepare(host);
        await new AppFrame(page).open(host.url);
        const builder = new QueryBuilderPage(page);
        const library = new QueryLibraryPage(page);
        await builder.open();
        await builder.pasteJson(JSON.stringify(THREE_STAGES));
        await builder.rowsWanted.fill('100');
        await expect(builder.runButton).toBeEnabled();
        await library.openCodeDialog();
        await expect(library.codeText).toHaveValue(/query_data\(QUERY/);
        await captureScreenshot(page, testInfo, 'query-export-code', theme);
      });
    });
  });
}

/**
 * Screenshots of the export dialogs for docs/screenshots/ (written with UPDATE_SCREENSHOTS=1): Export
 * results and Export dataset, each before starting and with its finished job, on the sample dataset, in
 * light and dark.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from './fixtures';
import { ExportPage } from './pages/export-page';
import { ResultsPage } from './pages/results-page';
import { loadSampleThroughHost } from './support/datalake-truth';
import { captureScreenshot, type Theme } from './support/screenshots';

const test = base.extend<{ shot: string; exportDir: string }>({
  shot: ['', { option: true }],
  dataDir: async ({ shot, colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-browser', `${shot}-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  // A steady folder name: the dialog and its summary show it.
  exportDir: async ({ colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-exports', `shapes-train-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

const QUERY = [
  { column: 'image', 'data.type': 'image', 'metadata.split': 'train' },
  { column: 'label', derived_from: 'image', 'data.type': 'classification', strategy: 'latest' },
  { column: 'bbox', derived_from: 'label', 'data.type': 'bbox' },
];

const THEMES: Theme[] = ['light', 'dark'];

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    test.describe(() => {
      test.use({ shot: 'export-results' });
      test(`the Export results dialog, idle and finished (${theme})`, async ({ app, host }, testInfo) => {
        await loadSampleThroughHost(host);
        const results = new ResultsPage(app.page);
        await results.run(host.url, QUERY, { wanted: 40 });
        await results.waitUntilDone();
        const exports = new ExportPage(app.page);
        const dialog = await exports.openResults();
        await captureScreenshot(app.page, testInfo, 'export-results-dialog', theme);
        await exports.exportResultsDownload();
        await exports.waitForJob(dialog, 'succeeded');
        await expect(dialog.getByTestId('export-download-link')).toBeVisible();
        await captureScreenshot(app.page, testInfo, 'export-results-finished', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'export-dataset' });
      test(`the Export dataset dialog, idle and finished (${theme})`, async ({
        app,
        host,
        exportDir,
      }, testInfo) => {
        await loadSampleThroughHost(host);
        const results = new ResultsPage(app.page);
        await results.run(host.url, QUERY, { wanted: 40 });
        await results.waitUntilDone();
        const exports = new ExportPage(app.page);
        const dialog = await exports.openDataset();
        await dialog.getByRole('checkbox', { name: /^bbox/ }).uncheck();
        await dialog.getByRole('textbox', { name: 'Folder' }).fill(exportDir);
        await dialog.getByRole('radio', { name: /^COCO/ }).check();
        await captureScreenshot(app.page, testInfo, 'export-dataset-dialog', theme);
        // Run once, then again into the same folder: the summary says what was already there.
        await exports.start(dialog);
        await exports.waitForJob(dialog, 'succeeded');
        await exports.startAgain(dialog);
        await exports.waitForJob(dialog, 'succeeded');
        await expect(dialog.getByTestId('export-summary-text')).toContainText('already there, skipped');
        await captureScreenshot(app.page, testInfo, 'export-dataset-finished', theme);
      });
    });
  });
}

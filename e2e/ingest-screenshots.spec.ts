/**
 * Screenshots of ingestion for docs/screenshots/ (written with UPDATE_SCREENSHOTS=1): the dialog with its
 * preview, a running job in the tray, and a finished job's summary with errors, in light and dark.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORRUPT_PNG, writeCocoSet, writeManyImages } from '../src/main/services/ingest/test-fixtures';
import { test as base, expect } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { IngestPage } from './pages/ingest-page';
import { OverviewPage } from './pages/overview-page';
import { loadSampleThroughHost } from './support/datalake-truth';
import { captureScreenshot, type Theme } from './support/screenshots';

// Steady folder names (the dialog and the top bar show them) instead of random temporary ones.
const test = base.extend<{ shot: string; drops: string }>({
  shot: ['', { option: true }],
  dataDir: async ({ shot, colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-browser', `${shot}-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  drops: async ({ shot, colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-drops', `${shot}-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

const THEMES: Theme[] = ['light', 'dark'];

async function openOnSample(page: AppFrame['page'], host: Parameters<typeof loadSampleThroughHost>[0]) {
  await loadSampleThroughHost(host);
  const app = new AppFrame(page);
  await app.open(host.url);
  const overview = new OverviewPage(page);
  await expect(overview.estimatedCount).toBeVisible();
  await overview.waitForSchema();
  return new IngestPage(page);
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    test.describe(() => {
      test.use({ shot: 'ingest-dialog' });
      test(`the ingestion dialog with its preview (${theme})`, async ({ page, host, drops }, testInfo) => {
        const ingest = await openOnSample(page, host);
        await writeCocoSet(join(drops, 'street-scenes'));
        await ingest.drop(join(drops, 'street-scenes'));
        await ingest.waitForPlan();
        await ingest.dialog.getByLabel('Project').fill('street-scenes');
        await ingest.dialog.getByLabel('Tags (comma-separated)').fill('vendor-a, 2024-q3');
        await ingest.waitForPlan();
        await expect(ingest.previewDatums.first().getByTestId('ingest-preview-metadata')).toContainText(
          '"project": "street-scenes"',
        );
        await captureScreenshot(page, testInfo, 'ingest-dialog', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'ingest-running' });
      test(`a running ingestion with its progress and errors (${theme})`, async ({
        page,
        host,
        drops,
      }, testInfo) => {
        test.setTimeout(300_000);
        const ingest = await openOnSample(page, host);
        const folder = join(drops, 'camera-07');
        await writeManyImages(drops, 1500, 'camera-07', 24);
        await writeFile(join(folder, 'img-000003-corrupt.png'), CORRUPT_PNG);
        await writeFile(join(folder, 'img-000010-corrupt.png'), CORRUPT_PNG);
        await ingest.drop(folder);
        await ingest.waitForPlan(150_000);
        await ingest.start();
        const numbers = ingest.job().getByTestId('ingest-job-numbers');
        await expect(numbers).toContainText(/^[1-9][\d,]* of 1,502 files/, { timeout: 60_000 });
        await expect(ingest.job().getByTestId('ingest-errors')).toBeVisible();
        await captureScreenshot(page, testInfo, 'ingest-running', theme);
        await expect(ingest.job()).toHaveAttribute('data-status', 'running');
      });
    });

    test.describe(() => {
      test.use({ shot: 'ingest-summary' });
      test(`an ingestion summary with errors (${theme})`, async ({ page, host, drops }, testInfo) => {
        const ingest = await openOnSample(page, host);
        const set = join(drops, 'street-scenes');
        await writeCocoSet(set);
        await writeFile(join(set, 'images', 'night-12.png'), CORRUPT_PNG);
        await ingest.drop(set);
        await ingest.waitForPlan();
        await ingest.start();
        await ingest.finished();
        await expect(ingest.errorItems()).toHaveCount(3);
        await captureScreenshot(page, testInfo, 'ingest-summary-errors', theme);
      });
    });
  });
}

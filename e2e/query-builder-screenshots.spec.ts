/**
 * Screenshots of the query builder for docs/screenshots/ (written with UPDATE_SCREENSHOTS=1): the
 * three-stage query "images of the project → latest classification → no bbox yet", and an inline
 * validation error, and the workbench after Run (the funnel and the grid under the cards), in light and dark.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { QueryBuilderPage } from './pages/query-builder-page';
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

export const THREE_STAGES = [
  {
    column: 'image_id',
    'metadata.project': 'sample-shapes',
    'data.type': 'image',
    'metadata.split': { $in: ['train', 'val'] },
  },
  {
    column: 'label_id',
    derived_from: 'image_id',
    strategy: 'latest',
    'data.type': 'classification',
    $or: [{ 'data.confidence': { $gte: 0.8 } }, { 'metadata.model_version': 'v2' }],
  },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
];

for (const theme of ['light', 'dark'] as Theme[]) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    test.describe(() => {
      test.use({ shot: 'query-builder' });
      test(`builder with a three-stage query (${theme})`, async ({ page, host }, testInfo) => {
        await loadSampleThroughHost(host);
        await new AppFrame(page).open(host.url);
        const builder = new QueryBuilderPage(page);
        await builder.open();
        await builder.pasteJson(JSON.stringify(THREE_STAGES, null, 2));
        await expect(builder.stage('bbox_id')).toBeVisible();
        await builder.page.getByRole('button', { name: 'Format' }).click();
        await builder.rowsWanted.fill('100');
        await builder.rowsWanted.blur();
        await expect(builder.runButton).toBeEnabled();
        await builder.scrollToTop();
        await captureScreenshot(page, testInfo, 'query-builder', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'query-builder-error' });
      test(`builder with an inline validation error (${theme})`, async ({ page, host }, testInfo) => {
        await loadSampleThroughHost(host);
        await new AppFrame(page).open(host.url);
        const builder = new QueryBuilderPage(page);
        await builder.open();
        const broken = structuredClone(THREE_STAGES) as Array<Record<string, unknown>>;
        broken[1].derived_from = 'images';
        broken[0]['data.filename'] = { $regex: '^shape_(0' };
        await builder.pasteJson(JSON.stringify(broken, null, 2));
        await expect(builder.runButton).toBeDisabled();
        await builder.scrollToTop();
        await builder.scrollJsonToTop();
        await captureScreenshot(page, testInfo, 'query-builder-error', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'workbench' });
      test(`the workbench after Run: funnel and grid under the cards (${theme})`, async ({
        page,
        host,
      }, testInfo) => {
        await loadSampleThroughHost(host);
        await new AppFrame(page).open(host.url);
        const builder = new QueryBuilderPage(page);
        await builder.open();
        await builder.pasteJson(
          JSON.stringify(
            [
              { column: 'image_id', 'data.type': 'image' },
              {
                column: 'label_id',
                derived_from: 'image_id',
                strategy: 'latest',
                'data.type': 'classification',
              },
              { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
            ],
            null,
            2,
          ),
        );
        await builder.runButton.click();
        const panel = page.getByTestId('query-run-panel');
        await expect(panel).toHaveAttribute('data-status', 'done');
        // Every visible thumbnail decoded before the picture is taken.
        await expect
          .poll(() =>
            panel
              .locator('img')
              .evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as HTMLImageElement).complete)),
          )
          .toBe(true);
        await page.getByTestId('query-results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.locator('#main-view').evaluate((el) => el.scrollBy(0, -150));
        await captureScreenshot(page, testInfo, 'workbench', theme);
      });
    });
  });
}

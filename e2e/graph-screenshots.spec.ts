/**
 * Screenshots of the inspector and the graph under docs/screenshots/ (written with UPDATE_SCREENSHOTS=1,
 * like e2e/screenshots.spec.ts): an image's inspector with its boxes, a focused graph, an expanded cluster,
 * and a query row with the strategy's picks, in light and dark.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { LineagePages } from './pages/graph-page';
import { addTiles, CHAIN_QUERY, loadSampleChains } from './support/lineage-data';
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

for (const theme of ['light', 'dark'] as Theme[]) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 }, shot: 'lineage' });

    test(`inspector, graph, cluster and query row (${theme})`, async ({ page, host }, testInfo) => {
      const { rows, labelsOf } = await loadSampleChains(host, 40);
      const row = rows.find((r) => (labelsOf.get(r.image) ?? []).length > 1) ?? rows[0];
      const app = new AppFrame(page);
      await app.open(host.url);
      const ui = new LineagePages(page);

      await ui.route(`#/datum/${row.image}`);
      await expect(ui.inspector(row.image).locator(`[data-datum-id="${row.box}"]`)).toBeVisible();
      await captureScreenshot(page, testInfo, 'inspector-boxes', theme);

      await ui.openGraph(`#/graph/${row.image}?depth=2`);
      await expect(ui.node(row.box)).toBeVisible();
      await captureScreenshot(page, testInfo, 'graph-focused', theme);

      const wide = rows[1].image;
      const tiles = await addTiles(host, wide, 2000);
      await ui.openGraph(`#/graph/${wide}`);
      await ui.cluster(wide, 'tile').click();
      await page.getByRole('searchbox', { name: 'Search in cluster' }).fill('tile-01');
      await page.getByRole('button', { name: `Pull out ${tiles[12]}` }).click();
      await expect(ui.node(tiles[12])).toBeVisible();
      await ui.cluster(wide, 'tile').click();
      await captureScreenshot(page, testInfo, 'graph-cluster', theme);

      const query = encodeURIComponent(JSON.stringify(CHAIN_QUERY));
      await ui.openGraph(`#/graph/${row.image}?row=${row.image},${row.label},${row.box}&query=${query}`);
      await expect(ui.node(row.label)).toHaveClass(/gnode--picked/);
      await captureScreenshot(page, testInfo, 'graph-query-row', theme);
    });
  });
}

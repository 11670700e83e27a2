/**
 * Running queries and their results grid, on the sample dataset through the web host: the grid holds
 * exactly the engine's rows for the same JSON, the funnel and status say so, Cancel stops a long query on the
 * host, image rows show thumbnails, copy row gives the row's JSON, and the keyboard moves and opens rows.
 */
import type { Row } from '../src/shared/query/types';
import { expect, test } from './fixtures';
import { ResultsPage } from './pages/results-page';
import { loadSampleThroughHost } from './support/datalake-truth';

const IMAGES_LABEL_NO_BBOX = [
  { 'data.type': 'image', column: 'image' },
  { derived_from: 'image', 'data.type': 'classification', column: 'label', strategy: 'latest' },
  { derived_from: 'label', 'data.type': 'bbox', column: 'bbox', strategy: 'missing' },
];

test.describe('query results', () => {
  test('the grid holds exactly the rows the engine returns for the same JSON', async ({ app, host }) => {
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    await results.run(host.url, IMAGES_LABEL_NO_BBOX);
    const expected = (await host.services.connections.withDatalake((dl) =>
      dl.queryData(IMAGES_LABEL_NO_BBOX),
    )) as Row[];
    expect(expected.length).toBeGreaterThan(10);
    expect(await results.waitUntilDone()).toBe(expected.length);
    await expect(results.status).toHaveText(`${expected.length} rows`);
    await expect(results.grid).toHaveAttribute('aria-rowcount', String(expected.length + 1));
    expect(await results.groupColumns()).toEqual(['image', 'label']);
    expect(await results.readAllRows()).toEqual(expected);

    // The funnel: every image read, those with a label, those whose label has no bbox (= the rows).
    const images = await host.services.connections.withDatalake((dl) =>
      dl.queryData({ 'data.type': 'image', column: 'image' }),
    );
    const labelled = await host.services.connections.withDatalake((dl) =>
      dl.queryData(IMAGES_LABEL_NO_BBOX.slice(0, 2)),
    );
    await expect(results.funnel.getByRole('listitem')).toHaveText([
      `image: ${(images as Row[]).length}`,
      `label: ${(labelled as Row[]).length}`,
      `bbox: ${expected.length}`,
    ]);
  });

  test('copy row gives its JSON; the keyboard moves the selection and Enter opens the datum', async ({
    app,
    host,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    await results.run(host.url, IMAGES_LABEL_NO_BBOX);
    await results.waitUntilDone();
    const expected = (await host.services.connections.withDatalake((dl) =>
      dl.queryData(IMAGES_LABEL_NO_BBOX),
    )) as Row[];

    await results.row(2).locator('td').nth(1).click();
    await expect(results.row(2)).toHaveAttribute('aria-selected', 'true');
    await results.copyRowButton.click();
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(expected[2]);

    await results.grid.press('ArrowDown');
    await expect(results.row(3)).toHaveAttribute('aria-selected', 'true');
    await results.grid.press('End');
    await expect(results.row(expected.length - 1)).toHaveAttribute('aria-selected', 'true');
    await results.grid.press('Home');
    await expect(results.row(0)).toHaveAttribute('aria-selected', 'true');
    // Until the inspector's route exists, the app sends unknown routes home: record where Enter went.
    await app.page.evaluate(() => {
      const w = window as unknown as { visited: string[] };
      w.visited = [];
      window.addEventListener('hashchange', (e) => w.visited.push(new URL(e.newURL).hash));
    });
    await results.grid.press('Enter');
    await expect
      .poll(() => app.page.evaluate(() => (window as unknown as { visited: string[] }).visited))
      .toContain(`#/datum/${expected[0].image}`);
  });

  test('an image row shows its thumbnail, loaded from the payload route', async ({ app, host }) => {
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    await results.run(host.url, IMAGES_LABEL_NO_BBOX);
    await results.waitUntilDone();
    const thumb = results.row(0).locator('td').first().locator('img');
    await expect(thumb).toBeVisible();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(64);
    expect(await thumb.getAttribute('src')).toMatch(/^\/payload\/[0-9a-f]{24}$/);
    // Label cells carry no picture.
    await expect(results.row(0).locator('td.rgrid__cell--id').nth(1).locator('img')).toHaveCount(0);
  });

  test('Cancel stops a long query: the host closes its cursor and no more rows come', async ({
    app,
    host,
  }) => {
    const total = 20_000;
    await host.services.connections.withDatalake(async (dl) => {
      for (let i = 0; i < total; i += 5000) {
        await dl.addData(
          Array.from({ length: 5000 }, (_, j) => ({
            data: { type: 'note', i: i + j },
            metadata: { project: 'long' },
          })),
        );
      }
    });
    const query = { 'metadata.project': 'long', column: 'note' };
    const results = new ResultsPage(app.page);
    await results.run(host.url, query);
    // The run holds a few screens of rows and waits for the grid with its cursor open on the host.
    await expect(results.status).toHaveText(/so far$/);
    await expect(results.loadAllButton).toBeVisible();
    await expect
      .poll(() => host.services.sessions.ids().flatMap((id) => host.services.cursors.openIds(id)))
      .toHaveLength(1);
    await results.cancelButton.click();
    await expect(results.status).toHaveText(/^[\d,.\s]+ rows$/);
    await expect(results.detail).toHaveText('Cancelled');
    const openCursors = () => host.services.sessions.ids().flatMap((id) => host.services.cursors.openIds(id));
    await expect.poll(openCursors).toEqual([]);
    const kept = await results.rowCount();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(total);
    // Scrolling to the end asks for nothing more.
    await results.grid.locator('xpath=..').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await results.page.waitForTimeout(1000);
    expect(await results.rowCount()).toBe(kept);
    await expect(results.cancelButton).toHaveCount(0);
  });

  test('a query the engine refuses shows its error with Retry', async ({ app, host }) => {
    const results = new ResultsPage(app.page);
    await results.run(host.url, [{ column: 'a' }, { column: 'b', derived_from: 'a', strategy: 'sideways' }]);
    await expect(results.error).toContainText('The query is not valid');
    await expect(results.error).toContainText('Invalid strategy: sideways');
    await expect(results.error.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('transposed results show one column of ids per query column', async ({ app, host }) => {
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    const query = IMAGES_LABEL_NO_BBOX.slice(0, 2);
    await results.run(host.url, query, { transpose: true, wanted: 5 });
    await results.waitUntilDone();
    const expected = (await host.services.connections.withDatalake((dl) =>
      dl.queryData(query, { datumsWanted: 5, transpose: true }),
    )) as Record<string, string[]>;
    await expect(results.grid.locator('thead th')).toHaveCount(2);
    const rows = await results.readAllRows();
    expect({ image: rows.map((r) => r.image), label: rows.map((r) => r.label) }).toEqual(expected);
  });
});

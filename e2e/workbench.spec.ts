/**
 * The query workbench end to end: a query built with the cards runs from the builder (Run and
 * Ctrl+Enter) and streams into the grid under it, which then holds exactly the engine's rows; the funnel
 * counts each stage; image rows show thumbnails; Cancel stops a long run on the host; the builder is left
 * exactly as it was by every run.
 */
import type { WebHost } from '../src/main/web-host/server';
import type { Row } from '../src/shared/query/types';
import { expect, test } from './fixtures';
import { QueryBuilderPage } from './pages/query-builder-page';
import { ResultsPage } from './pages/results-page';

const PROJECT = 'sample-shapes';

async function engineRows(host: WebHost, query: unknown, datumsWanted?: number): Promise<Row[]> {
  return host.services.connections.withDatalake(
    async (dl) => (await dl.queryData(query as never, { datumsWanted })) as Row[],
  );
}

const openCursors = (host: WebHost) =>
  host.services.sessions.ids().flatMap((id) => host.services.cursors.openIds(id));

test.describe('query workbench', () => {
  let builder: QueryBuilderPage;
  let results: ResultsPage;

  test.beforeEach(async ({ overview, page }) => {
    await overview.loadSample();
    builder = new QueryBuilderPage(page);
    results = new ResultsPage(page);
    await builder.open();
  });

  test('a query built with the cards runs into the grid: the engine rows, the funnel, thumbnails', async ({
    host,
  }) => {
    const base = builder.stageCards.first();
    await base.getByLabel('Column', { exact: true }).fill('image_id');
    const images = builder.stage('image_id');
    await builder.addCondition(images, { field: 'metadata.project', operator: '=', value: PROJECT });
    await builder.addCondition(images, { field: 'data.type', operator: '=', value: 'image' });
    await builder.addStage();
    await builder.stageCards.nth(1).getByLabel('Column', { exact: true }).fill('label_id');
    const labels = builder.stage('label_id');
    await builder.addCondition(labels, { field: 'data.type', operator: '=', value: 'classification' });
    await builder.addStage();
    await builder.stageCards.nth(2).getByLabel('Column', { exact: true }).fill('bbox_id');
    const boxes = builder.stage('bbox_id');
    await boxes.getByLabel('Strategy', { exact: true }).selectOption('missing');
    await builder.addCondition(boxes, { field: 'data.type', operator: '=', value: 'bbox' });

    const query = await builder.jsonValue();
    const before = await builder.jsonText();
    await expect(builder.runButton).toBeEnabled();
    await builder.runButton.click();

    const expected = await engineRows(host, query);
    expect(expected.length).toBeGreaterThan(10);
    expect(await results.waitUntilDone()).toBe(expected.length);
    expect(await results.groupColumns()).toEqual(['image_id', 'label_id']);
    expect(await results.readAllRows()).toEqual(expected);

    // The funnel: images of the project, those with a label, those whose label has no bbox (= the rows).
    const imageCount = (await engineRows(host, [(query as unknown[])[0]])).length;
    const labelled = (await engineRows(host, (query as unknown[]).slice(0, 2))).length;
    await expect(results.funnel.getByRole('listitem')).toHaveText([
      `image_id: ${imageCount}`,
      `label_id: ${labelled}`,
      `bbox_id: ${expected.length}`,
    ]);

    // Image rows carry a thumbnail from the payload route (a real decoded picture).
    await results.grid.locator('xpath=..').evaluate((el) => {
      el.scrollTop = 0;
    });
    const thumb = results.row(0).locator('td').first().locator('img');
    await expect(thumb).toBeVisible();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(64);

    // The builder is exactly as it was.
    expect(await builder.jsonText()).toBe(before);
    await expect(builder.stageCards).toHaveCount(3);

    // Ctrl+Enter in the JSON editor runs again with the options beside the query (and types nothing).
    await builder.rowsWanted.fill('5');
    await builder.json.click();
    await builder.page.keyboard.press('ControlOrMeta+Enter');
    expect(await results.waitUntilDone()).toBe(5);
    expect(await results.readAllRows()).toEqual(await engineRows(host, query, 5));
    expect(await builder.jsonText()).toBe(before);
  });

  test('Cancel stops a long run started from the builder; the builder is untouched', async ({ host }) => {
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
    await builder.pasteJson(JSON.stringify([{ 'metadata.project': 'long', column: 'note' }], null, 2));
    await expect(builder.runButton).toBeEnabled();
    const before = await builder.jsonText();
    await builder.runButton.click();
    await expect(results.status).toHaveText(/so far$/);
    await expect.poll(() => openCursors(host)).toHaveLength(1);
    await expect(builder.runReason).toHaveText('Running… Run again restarts it');

    await results.cancelButton.click();
    await expect(results.detail).toHaveText('Cancelled');
    await expect.poll(() => openCursors(host)).toEqual([]);
    const kept = await results.rowCount();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(total);
    expect(await builder.jsonText()).toBe(before);
    await expect(builder.runReason).toHaveText('Ready to run');
  });

  test('an invalid query cannot run: Run is disabled and Ctrl+Enter starts nothing', async ({ page }) => {
    await builder.pasteJson('[{"column": "a", "strategy": "sideways"}]');
    await expect(builder.runButton).toBeDisabled();
    await builder.json.click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForTimeout(300);
    await expect(page.getByTestId('query-run-panel')).toHaveCount(0);
  });
});

/**
 * The datum inspector and the derivation graph on the sample dataset, in Chromium through the web host:
 * an image's picture with its boxes, its graph with labels and boxes, expansion, a wide node clustered and
 * searched, a query row with the strategy's pick highlighted, warnings for a dangling parent and a missing
 * registry object, and the "Go to datum" box.
 */

import type { Row } from '../src/shared/query/types';
import { expect, test } from './fixtures';
import { LineagePages } from './pages/graph-page';
import {
  addBrokenLineage,
  addLabels,
  addLoneDatum,
  addTiles,
  CHAIN_QUERY,
  loadSampleChains,
} from './support/lineage-data';

test.describe('inspector and graph', () => {
  test('an image’s inspector shows its picture with its boxes, each opening its datum', async ({
    app,
    host,
  }) => {
    const { rows } = await loadSampleChains(host);
    const row = rows[0];
    const ui = new LineagePages(app.page);
    await ui.route(`#/datum/${row.image}`);
    const inspector = ui.inspector(row.image);
    await expect(inspector).toBeVisible();
    const picture = inspector.getByRole('img', { name: /shape-\d{4}\.png/ });
    await expect(picture).toBeVisible();
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    const box = inspector.locator(`[data-datum-id="${row.box}"]`);
    await expect(box).toBeVisible();
    // The label on the box names the class the detector drew it for.
    const boxData = await host.services.connections.withDatalake(
      async (dl) => (await dl.getDatum(row.box)).data,
    );
    await expect(box).toHaveAttribute('aria-label', new RegExp(`^${(boxData as { label: string }).label} `));
    await expect(inspector.getByText('No parent (a root datum)')).toBeVisible();
    await expect(inspector.getByRole('button', { name: /classification/ })).toBeVisible();
    await box.click();
    await expect(ui.inspector(row.box)).toBeVisible();
    await expect(ui.inspector(row.box).getByRole('link', { name: /classification/ })).toBeVisible();
  });

  test('an image’s graph shows its labels, expands to its boxes, and inspects the clicked node', async ({
    app,
    host,
  }) => {
    const { rows } = await loadSampleChains(host);
    const row = rows[0];
    const ui = new LineagePages(app.page);
    await ui.openGraph(`#/graph/${row.image}`);
    await expect(ui.node(row.image)).toBeVisible();
    await expect(ui.node(row.image)).toContainText(/shape-\d{4}\.png/);
    const label = ui.node(row.label);
    await expect(label).toBeVisible();
    await expect(label).toContainText('classification');
    await expect(ui.node(row.box)).toHaveCount(0);
    await label.click();
    await expect(ui.node(row.box)).toBeVisible();
    await expect(ui.node(row.box)).toContainText('bbox');
    await expect(ui.inspector(row.label)).toBeVisible();
    // Collapse hides the boxes again.
    await ui.graph.getByRole('button', { name: `Collapse ${row.label}` }).click();
    await expect(ui.node(row.box)).toHaveCount(0);
    // The keyboard: left goes to the parent, and the inspector follows.
    await label.click();
    await app.page.keyboard.press('ArrowLeft');
    await expect(ui.inspector(row.image)).toBeVisible();
  });

  test('a node with many children shows a cluster whose search finds a child to pull out', async ({
    app,
    host,
  }) => {
    const { rows } = await loadSampleChains(host);
    const image = rows[0].image;
    const tiles = await addTiles(host, image, 40);
    const ui = new LineagePages(app.page);
    await ui.openGraph(`#/graph/${image}`);
    const cluster = ui.cluster(image, 'tile');
    await expect(cluster).toContainText('× 40');
    await expect(ui.node(tiles[17])).toHaveCount(0);
    await cluster.click();
    const search = app.page.getByRole('searchbox', { name: 'Search in cluster' });
    await search.fill('tile-017');
    const found = app.page
      .getByRole('complementary', { name: 'Selection' })
      .locator(`[data-datum-id="${tiles[17]}"]`);
    await expect(found).toBeVisible();
    await expect(
      app.page.getByRole('complementary', { name: 'Selection' }).locator('[data-datum-id]'),
    ).toHaveCount(1);
    await found.getByRole('button', { name: `Pull out ${tiles[17]}` }).click();
    await expect(ui.node(tiles[17])).toBeVisible();
    await expect(cluster).toContainText('× 39');
    // A higher threshold shows every tile as its own node.
    const count = app.page.getByRole('toolbar', { name: 'Graph options' }).getByText(/^\d+ nodes$/);
    const before = Number((await count.textContent())!.split(' ')[0]);
    await app.page.getByRole('spinbutton', { name: 'Cluster above' }).fill('50');
    await expect(cluster).toHaveCount(0);
    // The cluster node gives way to its 39 remaining tiles.
    await expect(count).toHaveText(`${before - 1 + 39} nodes`);
  });

  test('a query row marks the pick of each strategy and dims the other candidates', async ({ app, host }) => {
    const { rows, labelsOf } = await loadSampleChains(host, 40);
    const row = rows.find((r) => (labelsOf.get(r.image) ?? []).length > 1);
    expect(row, 'the sample relabels some images').toBeDefined();
    const other = labelsOf.get(row!.image)!.find((l) => l !== row!.label)!;
    const ui = new LineagePages(app.page);
    const query = encodeURIComponent(JSON.stringify(CHAIN_QUERY));
    await ui.openGraph(`#/graph/${row!.image}?row=${row!.image},${row!.label},${row!.box}&query=${query}`);
    await expect(ui.node(row!.label)).toHaveClass(/gnode--picked/);
    await expect(ui.node(row!.label)).toContainText('picked');
    await expect(ui.node(row!.box)).toHaveClass(/gnode--picked/);
    await expect(ui.node(other)).toHaveClass(/gnode--candidate/);
    // `latest` picked the newer label.
    const [picked, passed] = await host.services.connections.withDatalake((dl) =>
      dl.getData([row!.label, other]),
    );
    expect(picked.addedAt.getTime()).toBeGreaterThan(passed.addedAt.getTime());
    await app.page.getByRole('checkbox', { name: 'Selected path only' }).check();
    await expect(ui.node(other)).toHaveCount(0);
    await expect(ui.node(row!.box)).toBeVisible();
  });

  test('a query row’s candidate cluster is searched by the stage’s filter', async ({ app, host }) => {
    const { rows } = await loadSampleChains(host, 4);
    const image = rows[0].image;
    const added = await addLabels(host, image, 8, 3);
    const query = [CHAIN_QUERY[0], { ...CHAIN_QUERY[1], 'data.confidence': { $gte: 0.5 } }];
    const [row] = (await host.services.connections.withDatalake((dl) =>
      dl.queryData([{ ...query[0], $and: [{ _id: { $oid: image } }] }, query[1]]),
    )) as Row[];
    // `latest` picks the newest sure label; the unsure ones are children of the type but not candidates.
    expect(row.label).toBe(added.sure.at(-1));
    const ui = new LineagePages(app.page);
    const q = encodeURIComponent(JSON.stringify(query));
    await ui.openGraph(`#/graph/${image}?row=${image},${row.label}&query=${q}`);
    await expect(ui.node(row.label)).toHaveClass(/gnode--picked/);
    const cluster = ui.cluster(image, 'classification');
    const sampleSure = await host.services.connections.withDatalake(async (dl) =>
      (await dl.childKeys([image], { 'data.type': 'classification', 'data.confidence': { $gte: 0.5 } })).map(
        (k) => k.id,
      ),
    );
    await expect(cluster).toContainText(`× ${sampleSure.length - 1}`);
    await cluster.click();
    const side = app.page.getByRole('complementary', { name: 'Selection' });
    await expect(side.getByRole('heading')).toHaveText(`${sampleSure.length - 1} other label candidates`);
    const search = side.getByRole('searchbox', { name: 'Search in cluster' });
    await search.fill('unsure');
    await expect(side.getByText('Nothing matches “unsure”')).toBeVisible();
    await search.fill('sure-3');
    await expect(side.locator('[data-datum-id]')).toHaveCount(1);
    await expect(side.locator(`[data-datum-id="${added.sure[3]}"]`)).toBeVisible();
    await search.fill('');
    await expect(side.locator('[data-datum-id]')).toHaveCount(sampleSure.length);
  });

  test('the view opens readable; the keyboard moves the selection, expands, zooms and pans', async ({
    app,
    host,
  }) => {
    const { rows } = await loadSampleChains(host, 4);
    const row = rows[0];
    const ui = new LineagePages(app.page);
    await ui.openGraph(`#/graph/${row.image}`);
    await expect(ui.node(row.label)).toBeVisible();
    const opened = await ui.viewport();
    expect(opened.zoom).toBeGreaterThanOrEqual(0.8);
    expect(opened.zoom).toBeLessThanOrEqual(1);
    await ui.canvas.focus();
    // The focus is selected on opening; right goes to its topmost child and the inspector follows.
    await expect(ui.graph.locator('.gnode.is-selected')).toHaveAttribute('data-datum-id', row.image);
    await app.page.keyboard.press('ArrowRight');
    const child = await ui.graph.locator('.gnode.is-selected').getAttribute('data-datum-id');
    expect(child).not.toBe(row.image);
    await expect(ui.inspector(child!)).toBeVisible();
    // Down walks the children's column until the label of the row, then Enter expands it.
    for (
      let i = 0;
      i < 4 && (await ui.graph.locator('.gnode.is-selected').getAttribute('data-datum-id')) !== row.label;
      i++
    ) {
      await app.page.keyboard.press('ArrowDown');
    }
    await expect(ui.graph.locator('.gnode.is-selected')).toHaveAttribute('data-datum-id', row.label);
    await expect(ui.inspector(row.label)).toBeVisible();
    await expect(ui.node(row.box)).toHaveCount(0); // selecting by keyboard does not expand
    await app.page.keyboard.press('Enter');
    await expect(ui.node(row.box)).toBeVisible();
    await app.page.keyboard.press('ArrowLeft');
    await expect(ui.inspector(row.image)).toBeVisible();

    await expect.poll(async () => (await ui.viewport()).zoom).toBeGreaterThanOrEqual(0.8);
    const before = await ui.viewport();
    await app.page.keyboard.press('+');
    await expect.poll(async () => (await ui.viewport()).zoom).toBeGreaterThan(before.zoom);
    const zoomed = await ui.viewport();
    await app.page.keyboard.press('-');
    await expect.poll(async () => (await ui.viewport()).zoom).toBeLessThan(zoomed.zoom);
    const still = await ui.viewport();
    await app.page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await ui.viewport()).x).toBeCloseTo(still.x - 80, 0);
    await app.page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await ui.viewport()).y).toBeCloseTo(still.y - 80, 0);
  });

  test('hundreds of children, long labels, a lone datum and an unknown id', async ({ app, host }) => {
    const { rows } = await loadSampleChains(host, 4);
    const image = rows[0].image;
    const tiles = await addTiles(host, image, 300);
    const ui = new LineagePages(app.page);
    await ui.openGraph(`#/graph/${image}`);
    await expect(ui.cluster(image, 'tile')).toContainText('× 300');
    const count = app.page.getByRole('toolbar', { name: 'Graph options' }).getByText(/^\d+ nodes$/);
    const before = Number((await count.textContent())!.split(' ')[0]);
    await app.page.getByRole('spinbutton', { name: 'Cluster above' }).fill('500');
    await expect(count).toHaveText(`${before - 1 + 300} nodes`);
    // Once laid out, the view comes back to the focus, readable, with a window of its children beside it.
    const drawn = () =>
      ui.graph
        .locator('.gnode--datum[data-datum-id]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-datum-id')!));
    await expect
      .poll(async () => (await drawn()).filter((id) => tiles.includes(id)).length)
      .toBeGreaterThan(3);
    await expect(ui.graph.getByText(/^Laying out/)).toHaveCount(0);
    await expect(ui.node(image)).toBeInViewport();
    expect((await ui.viewport()).zoom).toBeGreaterThanOrEqual(0.8);
    expect((await drawn()).length).toBeLessThan(300); // only what is in view is drawn
    // 0 fits all 300: far out, a node shows its type alone.
    await ui.canvas.focus();
    await app.page.keyboard.press('0');
    await expect(ui.graph.locator('.graph-canvas--far')).toHaveCount(1);
    await expect.poll(async () => (await ui.viewport()).zoom).toBeLessThan(0.5);
    await expect(ui.graph.locator('.gnode__id').first()).toBeHidden();
    // An arrow selects the leftmost node and brings the view back to a readable zoom; the Fit View control
    // then fits all 300 again, unrendered tiles included.
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await ui.viewport()).zoom).toBeGreaterThanOrEqual(0.8);
    await ui.graph.getByRole('button', { name: 'Fit View' }).click();
    await expect.poll(async () => (await ui.viewport()).zoom).toBeLessThan(0.5);
    await expect(ui.graph.locator('.graph-canvas--far')).toHaveCount(1);

    // A long label is cut with an ellipsis, the type stays whole, and the tooltip has it all.
    const long = `a-very-long-tile-label-that-cannot-fit-${'x'.repeat(60)}`;
    const [longTile] = await addTiles(host, rows[1].image, 1, () => long);
    await ui.openGraph(`#/graph/${rows[1].image}`);
    const node = ui.node(longTile);
    await expect(node).toBeVisible();
    await expect(node).toHaveAttribute('title', new RegExp(`label: ${long}`));
    expect(await node.locator('.gnode__key').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await node.locator('.gnode__type').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    const lone = await addLoneDatum(host);
    await ui.openGraph(`#/graph/${lone}`);
    await expect(ui.graph.getByText('No parent and no children: this datum stands alone.')).toBeVisible();
    await expect(ui.node(lone).getByRole('button')).toHaveCount(0); // nothing to expand
    const unknown = '0123456789abcdef01234567';
    await ui.route(`#/graph/${unknown}`);
    await expect(ui.graph.getByRole('alert')).toContainText('This graph cannot be shown');
    await expect(ui.graph.getByRole('alert')).toContainText(`No datum with the id ${unknown}`);
    await expect(ui.graph.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('a dangling parent and a missing registry object show as warnings, never a broken view', async ({
    app,
    host,
  }) => {
    await loadSampleChains(host, 4);
    const { ghost, orphan, file } = await addBrokenLineage(host);
    const ui = new LineagePages(app.page);
    await ui.openGraph(`#/graph/${file}`);
    await expect(
      ui.graph.locator(`[data-warning="dangling-parent"][data-missing-id="${ghost}"]`),
    ).toBeVisible();
    await expect(ui.node(file)).toHaveAttribute('data-warning', 'missing-object');
    await expect(ui.node(orphan)).toBeVisible();
    await expect(ui.inspector(file).getByRole('alert')).toContainText('The registry object is missing');

    await ui.route(`#/datum/${orphan}`);
    await expect(ui.inspector(orphan).getByRole('alert')).toContainText(`Its parent ${ghost} does not exist`);
    await ui.route(`#/datum/${file}`);
    await expect(ui.inspector(file).getByRole('alert')).toContainText('The registry object is missing');
  });

  test('the “Go to datum” box opens a pasted id and explains a bad one', async ({ app, host }) => {
    const { rows } = await loadSampleChains(host, 4);
    const ui = new LineagePages(app.page);
    await ui.goTo.fill('not-an-id');
    await ui.goTo.press('Enter');
    await expect(app.page.getByRole('alert')).toContainText('is not a datum id');
    await ui.goTo.fill('0123456789abcdef01234567');
    await ui.goTo.press('Enter');
    await expect(app.page.getByRole('alert')).toContainText('No datum with the id 0123456789abcdef01234567');
    await ui.goTo.fill(` ${rows[0].label} `);
    await ui.goTo.press('Enter');
    await expect(ui.inspector(rows[0].label)).toBeVisible();
    await ui.inspector(rows[0].label).getByRole('link', { name: 'Open in graph' }).click();
    await expect(ui.node(rows[0].label)).toBeVisible();
  });
});

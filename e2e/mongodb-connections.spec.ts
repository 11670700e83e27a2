/** MongoDB connections from the connections screen: a wrong port fails in plain words; the test server works. */
import { Datalake } from '../src/main/engine';
import { expect, test } from './fixtures';
import { closedPort } from './support/closed-port';
import { countDatalake, NO_TYPE } from './support/datalake-truth';

test('a MongoDB connection on a wrong port fails its test with a plain-words "refused" within seconds', async ({
  app,
  connections,
}) => {
  const port = await closedPort();
  await app.showConnections();
  await connections.openAddForm();
  await connections.fillForm({ name: 'Wrong port', uri: `mongodb://127.0.0.1:${port}/`, dbName: 'datalake' });

  const started = Date.now();
  const result = await connections.testForm(10_000);
  const seconds = (Date.now() - started) / 1000;
  test.info().annotations.push({ type: 'wrong-port test took', description: `${seconds.toFixed(1)} s` });

  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/refused/i);
  expect(result.message).toContain(`127.0.0.1:${port}`);
  // Plain words, not a driver dump.
  expect(result.message).not.toMatch(/MongoServerSelectionError|TopologyDescription|\bat \w+ \(/);
  expect(seconds).toBeLessThan(10);

  // Saved anyway, the row's own test says the same, and switching to it fails with a banner.
  await connections.saveForm();
  const row = await connections.testRow('Wrong port');
  expect(row.ok).toBe(false);
  expect(row.message).toMatch(/refused/i);

  await connections.connectButton('Wrong port').click();
  await expect(app.errorBanner).toBeVisible({ timeout: 15_000 });
  await expect(app.errorBanner).toContainText('Could not switch to “Wrong port”');
  await expect(app.errorBanner).toContainText(/refused/i);
  // A failed switch leaves the embedded datalake active.
  await app.expectActive('Embedded datalake');
});

test('the MongoDB test server: test ok, save, switch, and the overview shows its datums', async ({
  app,
  connections,
  overview,
  host,
  mongoUri,
  mongoDbName,
}) => {
  await test.step('some datums are written to a fresh database through the engine', async () => {
    const datalake = await Datalake.open({ mongoUri, dbName: mongoDbName, timeoutMs: 10_000 });
    try {
      const items = [
        ...Array.from({ length: 7 }, (_, i) => ({
          data: { type: 'image', index: i },
          metadata: { source: 'e2e' },
        })),
        ...Array.from({ length: 4 }, (_, i) => ({ data: { type: 'classification', label: `c${i % 2}` } })),
        ...Array.from({ length: 2 }, (_, i) => ({ data: { note: `untyped ${i}` } })),
      ];
      await datalake.addData(items);
    } finally {
      await datalake.close();
    }
  });

  const name = 'Test server';
  await test.step('the form tests the connection successfully and saves it', async () => {
    await app.showConnections();
    await connections.openAddForm();
    await connections.fillForm({ name, uri: mongoUri, dbName: mongoDbName });
    const result = await connections.testForm();
    expect(result.ok, result.message).toBe(true);
    expect(result.message).toMatch(/Connected in \d+ ms/);
    await connections.saveForm();
    await expect(connections.row(name)).toContainText(mongoDbName);
    await expect(app.sidebarItem(name)).toBeVisible();
  });

  await test.step('switching makes it the active datalake and opens its overview', async () => {
    await connections.connectButton(name).click();
    await app.expectActive(name);
    await expect(app.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await expect(overview.estimatedCount).toBeVisible();
  });

  await test.step('the overview counts are those of the database', async () => {
    const truth = await countDatalake(host);
    expect(truth.total).toBe(13);
    expect(await overview.readEstimatedCount()).toBe(truth.total);
    expect(await overview.readExactCount()).toBe(truth.total);
    expect((await overview.listedTypes()).sort()).toEqual([...truth.byType.keys()].sort());
    for (const [type, count] of truth.byType) {
      expect(await overview.typeCount(type), `datums of type ${type}`).toBe(count);
    }
    expect(truth.byType.get(NO_TYPE)).toBe(2);
    await overview.waitForSchema();
    await expect(overview.schemaField('data.type')).toContainText('string');
    await expect(overview.schemaField('metadata.source')).toBeVisible();
  });

  await test.step('switching back to the embedded datalake from the sidebar', async () => {
    await app.sidebarItem('Embedded datalake').click();
    await app.expectActive('Embedded datalake');
    await expect(overview.emptyState).toBeVisible();
  });
});

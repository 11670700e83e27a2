/** First start: the embedded datalake is active and empty; loading the sample fills the overview. */
import { expect, test } from './fixtures';
import { countDatalake } from './support/datalake-truth';

test('first start opens the empty embedded datalake, and the loaded sample shows its real counts', async ({
  app,
  overview,
  host,
}) => {
  await test.step('the embedded datalake is the active one', async () => {
    await app.expectActive('Embedded datalake');
    await expect(app.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    const list = await host.dispatcher.call('connections.list', {});
    expect(list.ok && list.data.connections.map((c) => c.kind)).toEqual(['embedded']);
  });

  await test.step('an empty datalake invites to load the sample dataset', async () => {
    await expect(overview.emptyState).toBeVisible();
    await expect(overview.emptyState).toContainText('This datalake is empty');
    expect((await countDatalake(host)).total).toBe(0);
  });

  await test.step('"Load sample dataset" shows progress, then the overview', async () => {
    await overview.loadSampleButton.click();
    // The progress bar replaces the button while the job runs (it may be brief on a fast machine).
    await expect(overview.loadSampleButton).toBeHidden();
    await expect(overview.estimatedCount).toBeVisible({ timeout: 60_000 });
    await expect(overview.emptyState).toBeHidden();
  });

  const truth = await countDatalake(host);

  await test.step('the counts are those the datalake holds', async () => {
    // The sample is a few hundred images plus their labels: far from empty, with several types.
    expect(truth.total).toBeGreaterThan(100);
    expect(truth.byType.size).toBeGreaterThan(1);

    expect(await overview.readEstimatedCount()).toBe(truth.total);
    expect(await overview.readExactCount()).toBe(truth.total);

    expect((await overview.listedTypes()).sort()).toEqual([...truth.byType.keys()].sort());
    for (const [type, count] of truth.byType) {
      expect(await overview.typeCount(type), `datums of type ${type}`).toBe(count);
    }
    const named = [...truth.byType.keys()].filter((t) => t !== '(none)').length;
    await expect(overview.typeTotal).toHaveText(String(named));
  });

  await test.step('the schema sample lists data.type', async () => {
    await overview.waitForSchema();
    const typeField = overview.schemaField('data.type');
    await expect(typeField).toBeVisible();
    await expect(typeField).toContainText('string');
    const schema = await host.dispatcher.call('overview.schema', {});
    expect(schema.ok).toBe(true);
    if (schema.ok) {
      await expect(overview.schemaTable.locator('tbody tr')).toHaveCount(schema.data.fields.length);
    }
  });
});

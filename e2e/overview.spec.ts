/**
 * The overview's parts arrive independently: the estimate paints while the counts by type still run (the
 * schema sample beside them), the counts show their progress, then the time they were computed and a
 * Refresh; they are served from the app's cache until a write through the app or a Refresh.
 */
import type { WebHost } from '../src/main/web-host/server';
import { expect, test } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { OverviewPage } from './pages/overview-page';
import { countDatalake, loadSampleThroughHost } from './support/datalake-truth';

/**
 * Lets the active datalake's next count by type run for real (its progress reaches the screen), then
 * holds its answer until `release()`, so the test can look at the screen while the count is "running".
 */
async function holdNextTypeCount(host: WebHost): Promise<{ counted: Promise<void>; release: () => void }> {
  return host.services.connections.withDatalake(async (dl) => {
    const real = dl.countBy.bind(dl);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let counted!: () => void;
    const done = new Promise<void>((resolve) => {
      counted = resolve;
    });
    dl.countBy = async (path, options) => {
      dl.countBy = real;
      const groups = await real(path, options);
      counted();
      await gate;
      return groups;
    };
    return { counted: done, release };
  });
}

test('the estimate and the schema sample do not wait for the counts by type, which show progress, their time and a Refresh', async ({
  page,
  host,
}) => {
  await loadSampleThroughHost(host);
  const truth = await countDatalake(host);
  const held = await holdNextTypeCount(host);
  const app = new AppFrame(page);
  const overview = new OverviewPage(page);
  await app.open(host.url);

  await test.step('while the counts by type run: the estimate, their progress, and the schema sample', async () => {
    await expect(overview.estimatedCount).toBeVisible();
    expect(await overview.readEstimatedCount()).toBe(truth.total);
    await held.counted;
    await expect(overview.typeCountsProgress).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Counting datums by type' })).toBeVisible();
    await expect(overview.typeCountsProgress).toContainText('Counting datums by type…');
    await expect(overview.typeTotal).toHaveText('—');
    await overview.waitForSchema();
    await expect(overview.typeCountsProgress).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('overview-counting.png') });
  });

  let firstTime = '';
  await test.step('then the counts, with the time they were computed', async () => {
    held.release();
    await overview.waitForTypeCounts();
    await expect(overview.typeCountsProgress).toBeHidden();
    await expect(overview.typeCountsComputedAt).toContainText(/computed at .+ · Refresh/);
    firstTime = await overview.typeCountsTime();
    expect(Date.now() - Date.parse(firstTime)).toBeLessThan(60_000);
    for (const [type, count] of truth.byType) {
      expect(await overview.typeCount(type), `datums of type ${type}`).toBe(count);
    }
    await expect(overview.typeTotal).toHaveText(
      String(truth.byType.size - (truth.byType.has('(none)') ? 1 : 0)),
    );
    await page.screenshot({ path: test.info().outputPath('overview-counted.png') });
  });

  await test.step('reloading the overview keeps the cached counts; their Refresh recounts', async () => {
    await overview.refreshButton.click();
    await expect(overview.estimatedCount).toBeVisible();
    await overview.waitForTypeCounts();
    expect(await overview.typeCountsTime()).toBe(firstTime);
    await overview.refreshTypeCounts.click();
    await expect.poll(() => overview.typeCountsTime().catch(() => firstTime)).not.toBe(firstTime);
    expect(Date.parse(await overview.typeCountsTime())).toBeGreaterThan(Date.parse(firstTime));
  });

  await test.step('a write through the app makes the next overview count again', async () => {
    const before = await overview.typeCountsTime();
    await host.services.connections.withDatalake((dl) => dl.addDatum({ type: 'note' }, { source: 'e2e' }));
    await overview.refreshButton.click();
    await expect(overview.typeRow('note')).toBeVisible();
    expect(await overview.typeCount('note')).toBe(1);
    expect(Date.parse(await overview.typeCountsTime())).toBeGreaterThan(Date.parse(before));
    expect(await overview.readEstimatedCount()).toBe(truth.total + 1);
  });
});

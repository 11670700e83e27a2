/**
 * The screenshots committed under docs/screenshots/: the connections screen, the overview of the sample
 * dataset, and two error states (a refused connection test, a failed switch), in light and dark.
 * 1280×800, the theme chosen through the emulated OS colour scheme the app follows.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from './fixtures';
import { AppFrame } from './pages/app-frame';
import { ConnectionsPage } from './pages/connections-page';
import { OverviewPage } from './pages/overview-page';
import { closedPort } from './support/closed-port';
import { loadSampleThroughHost } from './support/datalake-truth';
import { captureScreenshot, type Theme } from './support/screenshots';

// A steady, readable data folder (the top bar shows it) instead of a random temporary name.
const test = base.extend<{ shot: string }>({
  shot: ['', { option: true }],
  dataDir: async ({ shot, colorScheme }, use) => {
    const dir = join(tmpdir(), 'datalake-browser', `${shot}-${colorScheme ?? 'light'}`);
    await rm(dir, { recursive: true, force: true });
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

const THEMES: Theme[] = ['light', 'dark'];

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 800 } });

    test.describe(() => {
      test.use({ shot: 'overview' });
      test(`overview of the sample dataset (${theme})`, async ({ page, host }, testInfo) => {
        await loadSampleThroughHost(host);
        const app = new AppFrame(page);
        await app.open(host.url);
        const overview = new OverviewPage(page);
        await expect(overview.estimatedCount).toBeVisible();
        await overview.waitForTypeCounts();
        await overview.waitForSchema();
        await captureScreenshot(page, testInfo, 'overview', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'connections' });
      test(`connections screen (${theme})`, async ({ app, connections, mongoUri }, testInfo) => {
        await app.showConnections();
        // Only tested, never written to: a fixed database name is safe here.
        await connections.add({ name: 'Training data (staging)', uri: mongoUri, dbName: 'training' });
        await connections.add({
          name: 'Archive (offline)',
          uri: `mongodb://127.0.0.1:${await closedPort()}/`,
          dbName: 'archive',
        });
        // Both tests run at once; the clicks go one after the other (overlapping clicks lose events).
        await connections.testButton('Archive (offline)').click();
        await connections.testButton('Training data (staging)').click();
        const online = await connections.rowTestOutcome('Training data (staging)');
        const offline = await connections.rowTestOutcome('Archive (offline)');
        expect(online.ok, online.message).toBe(true);
        expect(offline.ok).toBe(false);
        await captureScreenshot(app.page, testInfo, 'connections', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'connection-test-error' });
      test(`a refused connection test (${theme})`, async ({ app, connections }, testInfo) => {
        await app.showConnections();
        await connections.openAddForm();
        await connections.fillForm({
          name: 'Production datalake',
          uri: `mongodb://127.0.0.1:${await closedPort()}/`,
          dbName: 'datalake',
        });
        const result = await connections.testForm();
        expect(result.ok).toBe(false);
        await captureScreenshot(app.page, testInfo, 'connection-test-error', theme);
      });
    });

    test.describe(() => {
      test.use({ shot: 'switch-error' });
      test(`a failed switch (${theme})`, async ({ page, host }, testInfo) => {
        const added = await host.dispatcher.call('connections.add', {
          name: 'Production datalake',
          kind: 'mongodb',
          uri: `mongodb://127.0.0.1:${await closedPort()}/`,
          dbName: 'datalake',
        });
        expect(added.ok).toBe(true);
        const app = new AppFrame(page);
        await app.open(host.url);
        const connections = new ConnectionsPage(page);
        await app.showConnections();
        await connections.connectButton('Production datalake').click();
        await expect(app.errorBanner).toContainText('Could not switch to “Production datalake”', {
          timeout: 15_000,
        });
        await captureScreenshot(page, testInfo, 'switch-error', theme);
      });
    });
  });
}

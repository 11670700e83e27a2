/**
 * The e2e fixtures: every test gets a fresh temporary data folder (so a fresh embedded datalake), its own
 * web host started in this process (serving the built renderer), a page opened at the tokened URL through
 * the page objects, and cleanup. `mongoUri`/`mongoDbName` give the MongoDB test server and a database
 * of the test's own, dropped afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startWebHost, type WebHost } from '../src/main/web-host/server';
import { AppFrame } from './pages/app-frame';
import { ConnectionsPage } from './pages/connections-page';
import { OverviewPage } from './pages/overview-page';
import { dropDatabase, requireMongoUri, uniqueDbName } from './support/mongo';
import { RENDERER_DIR } from './support/paths';

interface Fixtures {
  dataDir: string;
  host: WebHost;
  /** The app opened at the host's tokened URL, connections loaded. */
  app: AppFrame;
  overview: OverviewPage;
  connections: ConnectionsPage;
  mongoUri: string;
  /** A database of this test's own on the MongoDB test server, dropped after the test. */
  mongoDbName: string;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'dlb-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  host: async ({ dataDir }, use, testInfo) => {
    const logs: string[] = [];
    const host = await startWebHost({
      dataDir,
      rendererDir: RENDERER_DIR,
      // A failed switch to an unreachable server should not hold a test for the default timeout.
      openTimeoutMs: 4000,
      progressIntervalMs: 50,
      log: (message) => logs.push(`${new Date().toISOString()} ${message}`),
    });
    try {
      await use(host);
    } finally {
      await host.close();
      if (logs.length > 0 && testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('web-host.log', { body: logs.join('\n'), contentType: 'text/plain' });
      }
    }
  },

  app: async ({ page, host }, use) => {
    const app = new AppFrame(page);
    await app.open(host.url);
    await use(app);
  },

  overview: async ({ app }, use) => {
    await use(new OverviewPage(app.page));
  },

  connections: async ({ app }, use) => {
    await use(new ConnectionsPage(app.page));
  },

  // biome-ignore lint/correctness/noEmptyPattern: see above
  mongoUri: async ({}, use) => {
    await use(requireMongoUri());
  },

  mongoDbName: async ({ mongoUri }, use) => {
    const name = uniqueDbName('e2e');
    await use(name);
    await dropDatabase(mongoUri, name).catch(() => {
      // Never created (the test failed early) or the server is gone: nothing to clean up.
    });
  },
});

export { expect };

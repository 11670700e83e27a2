/**
 * Browser tests of the built renderer through the web host, in Debian's Chromium (never a downloaded
 * browser), plus the Electron-launch specs, which run only where an Electron binary exists.
 * `npx playwright test` (or `npm run test:e2e`); `npm test` runs it after vitest with the test servers up.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH } from './e2e/support/paths';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  globalSetup: './e2e/global-setup.ts',
  // Two cores here: two workers keep the run short without starving the in-process web hosts.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./e2e/support/summary-reporter.ts']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'web', testIgnore: ['electron/**'] },
    { name: 'electron', testMatch: ['electron/**/*.spec.ts'] },
  ],
});

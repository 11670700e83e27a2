import { defineConfig } from 'vitest/config';

/**
 * Two projects: `node` (engine, services, hosts, scripts, pure renderer modules) with the real test servers
 * from the global setup, and `dom` (renderer components, `*.test.tsx`) in happy-dom, talking to the real
 * services in process through src/test-support/renderer/setup.ts.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['verbose'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          globalSetup: ['./scripts/vitest-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://127.0.0.1/' } },
          include: ['src/renderer/**/*.test.tsx'],
          setupFiles: ['./src/test-support/renderer/setup.ts'],
        },
      },
    ],
  },
});

/**
 * Vitest global setup: makes sure the real test servers run, and tells the test workers where.
 * Reuses the servers recorded in .cache/services/env.json (started by scripts/test-all.sh or
 * `scripts/services.ts start`) when they answer; otherwise starts its own and stops them in teardown.
 */
import type { TestProject } from 'vitest/node';
import {
  checkServices,
  describeServices,
  readServicesEnv,
  type ServicesEnv,
  startServices,
  stopServices,
} from './services';

const KEYS = ['MONGODB_URI', 'TEST_S3_ENDPOINT', 'TEST_GCS_ENDPOINT'] as const;

declare module 'vitest' {
  export interface ProvidedContext {
    MONGODB_URI: string;
    TEST_S3_ENDPOINT: string;
    TEST_GCS_ENDPOINT: string;
  }
}

/** Servers this setup started itself (null when it reused running ones). */
let started: ServicesEnv | null = null;

async function reusableServers(): Promise<ServicesEnv | null> {
  const recorded = readServicesEnv();
  if (!recorded) return null;
  // A variable set by the user (e.g. MONGODB_URI of a real MongoDB) wins over the record.
  if (KEYS.some((key) => process.env[key] && process.env[key] !== recorded[key])) return null;
  return (await checkServices(recorded)).length === 0 ? recorded : null;
}

export async function setup(project: TestProject): Promise<void> {
  let env = await reusableServers();
  if (!env) {
    started = await startServices();
    env = started;
    process.once('exit', killOnExit);
  }
  for (const key of KEYS) {
    // Workers are forked after global setup and inherit this environment.
    process.env[key] = env[key];
    project.provide(key, env[key]);
  }
  // Node 20 is supported by the pinned SDK; its notice about future releases would repeat in every worker.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log(`${describeServices(env)}${started ? '' : ' (already running)'}`);
}

export async function teardown(): Promise<void> {
  process.off('exit', killOnExit);
  if (started) await stopServices(started);
  started = null;
}

/** If vitest exits without teardown (an interrupted run), do not leave our servers behind. */
function killOnExit(): void {
  for (const pid of Object.values(started?.pids ?? {})) {
    try {
      process.kill(-pid, 'SIGTERM'); // each server leads its own process group
    } catch {
      // already gone
    }
  }
}

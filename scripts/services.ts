/**
 * The real servers the tests run against: FerretDB (MongoDB wire protocol, embedded SQLite), moto (S3)
 * and gcp-storage-emulator (GCS), on free ports of 127.0.0.1. Installed by scripts/install-services.sh.
 *
 *   node --import tsx scripts/services.ts start|stop|status|env
 *
 * `start` writes .cache/services/env.json ({MONGODB_URI, TEST_S3_ENDPOINT, TEST_GCS_ENDPOINT, pids, ...});
 * `env` prints it as shell `export` lines. A server whose variable is already set in the environment
 * (e.g. MONGODB_URI for a real MongoDB) is not started: the value is checked and passed through.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { probeGcs, probeMongo, probeS3, redactUri } from './services-probes';
import {
  freePort,
  isOurProcess,
  type StartedProcess,
  spawnLogged,
  stopProcess,
  waitUntilReady,
} from './services-process';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(REPO_ROOT, '.cache');
export const SERVICES_DIR = join(CACHE, 'services');
export const LOG_DIR = join(SERVICES_DIR, 'logs');
export const ENV_FILE = join(SERVICES_DIR, 'env.json');
const FERRETDB_BIN = join(CACHE, 'bin', 'ferretdb');
const MOTO_BIN = join(CACHE, 'venv', 'bin', 'moto_server');
const GCS_BIN = join(CACHE, 'venv', 'bin', 'gcp-storage-emulator');

type ServiceName = 'ferretdb' | 'moto' | 'gcs';
/** What must appear in a recorded pid's command line before we signal it. */
const MARKERS: Record<ServiceName, string> = {
  ferretdb: 'ferretdb',
  moto: 'moto_server',
  gcs: 'gcp-storage-emulator',
};

export interface ServicesEnv {
  MONGODB_URI: string;
  TEST_S3_ENDPOINT: string;
  TEST_GCS_ENDPOINT: string;
  /** Processes we started; a passed-through server has no entry. */
  pids: Partial<Record<ServiceName, number>>;
  /** Human descriptions, e.g. { mongo: 'FerretDB v1.24.2', s3: 'moto', gcs: 'gcp-storage-emulator' }. */
  servers: { mongo: string; s3: string; gcs: string };
  /**
   * The servers' working folder (FerretDB's data and its state.json among it), removed on stop. Every
   * server runs inside it, so nothing they write lands in the repository.
   */
  tmpDir: string | null;
}

export interface StartOptions {
  /** Record the servers in .cache/services/env.json (the CLI does; vitest's own servers do not). */
  writeEnvFile?: boolean;
  /** Per-server readiness timeout. */
  timeoutMs?: number;
  /** Where MONGODB_URI / TEST_S3_ENDPOINT / TEST_GCS_ENDPOINT of external servers are read (process.env). */
  env?: NodeJS.ProcessEnv;
}

function requireBinary(path: string, what: string): void {
  if (!existsSync(path)) {
    throw new Error(`${what} is not installed at ${path}; run: bash scripts/install-services.sh`);
  }
}

/** Starts the servers (in parallel) and waits until each answers a real request. */
export async function startServices(options: StartOptions = {}): Promise<ServicesEnv> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const env = options.env ?? process.env;
  mkdirSync(LOG_DIR, { recursive: true });
  const external = {
    mongo: env.MONGODB_URI || null,
    s3: env.TEST_S3_ENDPOINT || null,
    gcs: env.TEST_GCS_ENDPOINT || null,
  };
  if (!external.mongo) requireBinary(FERRETDB_BIN, 'FerretDB');
  if (!external.s3) requireBinary(MOTO_BIN, 'moto_server');
  if (!external.gcs) requireBinary(GCS_BIN, 'gcp-storage-emulator');

  const result: ServicesEnv = {
    MONGODB_URI: '',
    TEST_S3_ENDPOINT: '',
    TEST_GCS_ENDPOINT: '',
    pids: {},
    servers: { mongo: '', s3: '', gcs: '' },
    tmpDir: null,
  };
  const started: Array<{ name: ServiceName; process: StartedProcess; log: string }> = [];
  // The servers' working folder: FerretDB writes state.json into its --state-dir (and, run by hand without
  // it, into its working directory), so none of them runs in the repository.
  const tmp = mkdtempSync(join(tmpdir(), 'datalake-test-services-'));
  result.tmpDir = tmp;
  const launch = (name: ServiceName, command: string, args: string[]) => {
    const log = join(LOG_DIR, `${name}.log`);
    const proc = spawnLogged(command, args, log, tmp);
    started.push({ name, process: proc, log });
    result.pids[name] = proc.pid;
    return { proc, log };
  };

  try {
    const waits: Promise<void>[] = [];

    if (external.mongo) {
      result.MONGODB_URI = external.mongo;
      waits.push(
        waitUntilReady(
          `MongoDB at ${redactUri(external.mongo)} (from MONGODB_URI)`,
          null,
          null,
          async () => {
            result.servers.mongo = await probeMongo(external.mongo!);
          },
          Math.min(timeoutMs, 15_000),
        ),
      );
    } else {
      mkdirSync(join(tmp, 'ferretdb-data'));
      const port = await freePort();
      result.MONGODB_URI = `mongodb://127.0.0.1:${port}/`;
      const { proc, log } = launch('ferretdb', FERRETDB_BIN, [
        '--handler=sqlite',
        `--sqlite-url=file:${join(tmp, 'ferretdb-data')}/`,
        `--state-dir=${tmp}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=WARN',
      ]);
      waits.push(
        waitUntilReady(
          `FerretDB (${FERRETDB_BIN})`,
          proc,
          log,
          async () => {
            result.servers.mongo = await probeMongo(result.MONGODB_URI);
          },
          timeoutMs,
        ),
      );
    }

    if (external.s3) {
      result.TEST_S3_ENDPOINT = external.s3;
      result.servers.s3 = 'external S3 (TEST_S3_ENDPOINT)';
      waits.push(
        waitUntilReady(
          `S3 at ${external.s3} (from TEST_S3_ENDPOINT)`,
          null,
          null,
          () => probeS3(external.s3!),
          15_000,
        ),
      );
    } else {
      const port = await freePort();
      result.TEST_S3_ENDPOINT = `http://127.0.0.1:${port}`;
      result.servers.s3 = 'moto';
      const { proc, log } = launch('moto', MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)]);
      waits.push(
        waitUntilReady('moto S3 server', proc, log, () => probeS3(result.TEST_S3_ENDPOINT), timeoutMs),
      );
    }

    if (external.gcs) {
      result.TEST_GCS_ENDPOINT = external.gcs;
      result.servers.gcs = 'external GCS (TEST_GCS_ENDPOINT)';
      waits.push(
        waitUntilReady(
          `GCS at ${external.gcs} (from TEST_GCS_ENDPOINT)`,
          null,
          null,
          () => probeGcs(external.gcs!),
          15_000,
        ),
      );
    } else {
      const port = await freePort();
      result.TEST_GCS_ENDPOINT = `http://127.0.0.1:${port}`;
      result.servers.gcs = 'gcp-storage-emulator';
      const { proc, log } = launch('gcs', GCS_BIN, [
        'start',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--in-memory',
      ]);
      waits.push(
        waitUntilReady(
          'gcp-storage-emulator',
          proc,
          log,
          () => probeGcs(result.TEST_GCS_ENDPOINT),
          timeoutMs,
        ),
      );
    }

    // allSettled: every server gets its full chance, and all failures are reported together.
    const outcomes = await Promise.allSettled(waits);
    const failures = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [String(o.reason?.message ?? o.reason)] : [],
    );
    if (failures.length > 0) throw new Error(`test servers did not come up:\n- ${failures.join('\n- ')}`);
  } catch (error) {
    await Promise.all(started.map((s) => stopProcess(s.process.pid, MARKERS[s.name])));
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }

  if (options.writeEnvFile) writeFileSync(ENV_FILE, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** Stops the servers of `env` (default: those recorded in env.json) and removes their temp folder. */
export async function stopServices(env: ServicesEnv | null = readServicesEnv()): Promise<void> {
  if (!env) return;
  await Promise.all(
    (Object.entries(env.pids) as Array<[ServiceName, number]>).map(([name, pid]) =>
      stopProcess(pid, MARKERS[name]),
    ),
  );
  if (env.tmpDir) rmSync(env.tmpDir, { recursive: true, force: true });
  const recorded = readServicesEnv();
  if (recorded && JSON.stringify(recorded.pids) === JSON.stringify(env.pids))
    rmSync(ENV_FILE, { force: true });
}

export function readServicesEnv(): ServicesEnv | null {
  if (!existsSync(ENV_FILE)) return null;
  try {
    return JSON.parse(readFileSync(ENV_FILE, 'utf8')) as ServicesEnv;
  } catch {
    return null;
  }
}

/** Problems with running servers: empty when every recorded process is alive and every server answers. */
export async function checkServices(env: ServicesEnv): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, pid] of Object.entries(env.pids) as Array<[ServiceName, number]>) {
    if (!isOurProcess(pid, MARKERS[name])) problems.push(`${name} (pid ${pid}) is not running`);
  }
  const checks: Array<[string, () => Promise<unknown>]> = [
    [`MongoDB at ${redactUri(env.MONGODB_URI)}`, () => probeMongo(env.MONGODB_URI)],
    [`S3 at ${env.TEST_S3_ENDPOINT}`, () => probeS3(env.TEST_S3_ENDPOINT)],
    [`GCS at ${env.TEST_GCS_ENDPOINT}`, () => probeGcs(env.TEST_GCS_ENDPOINT)],
  ];
  const results = await Promise.allSettled(checks.map(([, check]) => check()));
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      problems.push(`${checks[i][0]} does not answer: ${r.reason?.message ?? r.reason}`);
  });
  return problems;
}

/** The one line that tells which servers a run uses. */
export function describeServices(env: ServicesEnv): string {
  return (
    `test servers: MongoDB wire = ${env.servers.mongo} at ${redactUri(env.MONGODB_URI)}, ` +
    `S3 = ${env.servers.s3} at ${env.TEST_S3_ENDPOINT}, GCS = ${env.servers.gcs} at ${env.TEST_GCS_ENDPOINT}`
  );
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start': {
      const existing = readServicesEnv();
      if (existing) {
        if ((await checkServices(existing)).length === 0) {
          console.log(`already running; ${describeServices(existing)}`);
          return 0;
        }
        await stopServices(existing); // stale record: clear what is left of it
      }
      const env = await startServices({ writeEnvFile: true });
      console.log(describeServices(env));
      console.log(`env: ${ENV_FILE}; logs: ${LOG_DIR}`);
      return 0;
    }
    case 'stop': {
      const env = readServicesEnv();
      await stopServices(env);
      console.log(
        env ? `stopped (pids ${Object.values(env.pids).join(', ') || 'none'})` : 'nothing recorded to stop',
      );
      return 0;
    }
    case 'status': {
      const env = readServicesEnv();
      if (!env) {
        console.log('not running (no env.json)');
        return 1;
      }
      const problems = await checkServices(env);
      console.log(
        problems.length === 0
          ? `running; ${describeServices(env)}`
          : `not healthy:\n- ${problems.join('\n- ')}`,
      );
      return problems.length === 0 ? 0 : 1;
    }
    case 'env': {
      const env = readServicesEnv();
      if (!env) {
        console.error(`no ${ENV_FILE}; run: node --import tsx scripts/services.ts start`);
        return 1;
      }
      for (const key of ['MONGODB_URI', 'TEST_S3_ENDPOINT', 'TEST_GCS_ENDPOINT'] as const) {
        console.log(`export ${key}=${shellQuote(env[key])}`);
      }
      return 0;
    }
    default:
      console.error('usage: node --import tsx scripts/services.ts start|stop|status|env');
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`services: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

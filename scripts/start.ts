/**
 * `npm start` (build, then launch the desktop app) and `npm run dev` (dev server, then launch):
 *
 *   node --import tsx scripts/start.ts [preview|dev] [electron-vite options]
 *
 * electron 45 has no install script: its binary is fetched by `require('electron')` or by its own
 * installer (`install-electron`, node_modules/electron/install.js), while electron-vite only reads
 * node_modules/electron/path.txt and otherwise stops with "Error: Electron uninstall". So a missing
 * binary is fetched first, with electron's installer; where that cannot work (no access to GitHub or to
 * ELECTRON_MIRROR), the run ends with one sentence pointing to `npm run serve`, the same app in a browser.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronPackageDir, findElectronBinary } from './electron-binary';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVE_HINT = 'run the same app in a browser with `npm run serve`';

export interface EnsureElectronOptions {
  /** node_modules/electron (null: the package is not installed). */
  packageDir: string | null;
  env: NodeJS.ProcessEnv;
  /** The installer's own output (a stack trace when it fails) goes here, not to the terminal. */
  installLog: string;
  /** Progress lines. */
  log: (line: string) => void;
}

export type EnsureElectronResult =
  | { ok: true; path: string; downloaded: boolean }
  | { ok: false; message: string };

/** The binary's path, fetched first with electron's installer when it is missing. */
export async function ensureElectron(options: EnsureElectronOptions): Promise<EnsureElectronResult> {
  const { packageDir, env, installLog, log } = options;
  const before = findElectronBinary(packageDir, env);
  if (before.found) return { ok: true, path: before.path, downloaded: false };
  const cannotStart = (reason: string): EnsureElectronResult => ({
    ok: false,
    message: `npm start: there is no Electron binary (${reason}), so the desktop app cannot start; ${SERVE_HINT}.`,
  });
  // Chosen by the user: fetching something else would be a surprise.
  if (env.ELECTRON_EXEC_PATH || env.ELECTRON_OVERRIDE_DIST_PATH || !packageDir)
    return cannotStart(before.reason);
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return cannotStart(`${before.reason}; ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded`);
  }
  const installer = join(packageDir, 'install.js');
  if (!existsSync(installer))
    return cannotStart(`${before.reason}; electron's installer ${installer} is missing`);

  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  log(
    `npm start: the Electron ${version} binary is not installed yet; fetching it from ${downloadSource(env)} ` +
      `with electron's installer (${installer})...`,
  );
  const started = Date.now();
  const heartbeat = setInterval(
    () => log(`npm start: still downloading Electron (${Math.round((Date.now() - started) / 1000)} s)...`),
    20_000,
  );
  let code: number;
  try {
    code = await runToLog(process.execPath, [installer], env, installLog);
  } finally {
    clearInterval(heartbeat);
  }
  const after = findElectronBinary(packageDir, env);
  if (code === 0 && after.found) {
    log(`npm start: Electron ${version} installed (${after.path}).`);
    return { ok: true, path: after.path, downloaded: true };
  }
  const said = firstLine(installLog) ?? `it exited with code ${code}`;
  return {
    ok: false,
    message:
      `npm start: the Electron binary could not be downloaded (${said}; full output in ${installLog}), ` +
      `so the desktop app cannot start here; ${SERVE_HINT}.`,
  };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Where @electron/get downloads from (its mirror settings, else GitHub's releases). */
function downloadSource(env: NodeJS.ProcessEnv): string {
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR;
  return mirror ? `the mirror ${mirror}` : 'GitHub';
}

function runToLog(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number> {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
    return new Promise((resolvePromise) => {
      child.on('error', () => resolvePromise(-1));
      child.on('close', (code) => resolvePromise(code ?? 1));
    });
  } finally {
    closeSync(fd);
  }
}

/** The first non-empty line of a log (the error's own line, before its stack). */
function firstLine(logFile: string): string | null {
  const line = readFileSync(logFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line ? line.slice(0, 300) : null;
}

export interface LaunchOptions {
  mode: 'preview' | 'dev';
  electronPath: string;
  /** Extra electron-vite options (`npm start -- --skipBuild`). */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs electron-vite (which builds, then launches the binary we found); resolves with its exit code. */
export function launchElectronVite(options: LaunchOptions): Promise<number> {
  const cliPackage = createRequire(import.meta.url).resolve('electron-vite/package.json');
  const cli = join(dirname(cliPackage), 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, options.mode, ...options.args], {
    cwd: options.cwd,
    stdio: 'inherit',
    env: { ...options.env, ELECTRON_EXEC_PATH: options.electronPath },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise((resolvePromise) => {
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolvePromise(code);
    };
    child.on('error', () => done(1));
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

async function main(argv: string[]): Promise<number> {
  const mode = argv[0] === 'dev' || argv[0] === 'preview' ? argv[0] : 'preview';
  const args = argv[0] === mode ? argv.slice(1) : argv;
  const electron = await ensureElectron({
    packageDir: electronPackageDir(),
    env: process.env,
    installLog: join(REPO_ROOT, '.cache', 'electron-install.log'),
    log: (line) => console.log(line),
  });
  if (!electron.ok) {
    console.error(electron.message);
    return 1;
  }
  // Chromium refuses its OS sandbox to root (containers); the renderer's own sandbox setting still applies.
  if (process.getuid?.() === 0 && !args.includes('--noSandbox')) {
    console.log('npm start: running as root, so Electron starts with --no-sandbox.');
    args.push('--noSandbox');
  }
  return launchElectronVite({ mode, electronPath: electron.path, args, env: process.env, cwd: REPO_ROOT });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`npm start: ${error instanceof Error ? error.message : String(error)}; ${SERVE_HINT}.`);
      process.exit(1);
    },
  );
}

/**
 * `npm start`: the Electron binary is fetched with electron's own installer when it is missing, a failed
 * fetch ends in one sentence pointing to `npm run serve`, and electron-vite then builds and launches it.
 *
 * The real Electron binary cannot be downloaded on this project's CI machines (GitHub is out of reach), so
 * the installer runs for real against a mirror on 127.0.0.1 that serves a stand-in zip (a shell script
 * named like the binary), and the launch test points ELECTRON_EXEC_PATH at such a script.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronPackageDir } from './electron-binary';
import { ensureElectron } from './start';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL_ELECTRON = electronPackageDir()!;
const ELECTRON_VERSION: string = JSON.parse(
  readFileSync(join(REAL_ELECTRON, 'package.json'), 'utf8'),
).version;
/** What electron's installer writes into path.txt on this platform. */
const PLATFORM_PATH =
  process.platform === 'darwin'
    ? 'Electron.app/Contents/MacOS/Electron'
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-start-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The environment without the user's own Electron settings, so every case controls them. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|npm_config_electron_|npm_package_config_electron_)/i.test(key)) env[key] = value;
  }
  return { ...env, ELECTRON_GET_NO_PROGRESS: '1', ...extra };
}

/**
 * A copy of node_modules/electron without its binary (as `npm ci` leaves it), next to links to the
 * installer's dependencies, so the installer can run without touching the project's own copy.
 */
async function electronWithoutBinary(name: string): Promise<string> {
  const modules = join(root, name, 'node_modules');
  const pkg = join(modules, 'electron');
  await mkdir(pkg, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json']) {
    await copyFile(join(REAL_ELECTRON, file), join(pkg, file));
  }
  for (const dep of ['@electron/get', '@electron-internal/extract-zip']) {
    const nested = join(REAL_ELECTRON, 'node_modules', dep);
    const hoisted = join(dirname(REAL_ELECTRON), dep);
    await mkdir(dirname(join(modules, dep)), { recursive: true });
    await symlink((await exists(nested)) ? nested : hoisted, join(modules, dep), 'dir');
  }
  return pkg;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function fakeElectronScript(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

describe('npm start: the Electron binary', () => {
  it('is used as it is when path.txt names an existing binary, without running the installer', async () => {
    const pkg = join(root, 'installed', 'node_modules', 'electron');
    await fakeElectronScript(join(pkg, 'dist', PLATFORM_PATH), 'exit 0');
    await writeFile(join(pkg, 'path.txt'), PLATFORM_PATH);
    // No install.js in this copy: running the installer would fail the call.
    const lines: string[] = [];
    const result = await ensureElectron({
      packageDir: pkg,
      env: cleanEnv({ ELECTRON_MIRROR: 'http://127.0.0.1:9/' }),
      installLog: join(root, 'installed.log'),
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ ok: true, path: join(pkg, 'dist', PLATFORM_PATH), downloaded: false });
    expect(lines).toEqual([]);
    expect(await exists(join(root, 'installed.log'))).toBe(false);
  });

  it('ends in one sentence pointing to `npm run serve`, quickly, when the download cannot work', async () => {
    const pkg = await electronWithoutBinary('unreachable');
    const lines: string[] = [];
    const started = Date.now();
    const result = await ensureElectron({
      packageDir: pkg,
      env: cleanEnv({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(root, 'cache-1') }),
      installLog: join(root, 'unreachable.log'),
      log: (line) => lines.push(line),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the Electron ${ELECTRON_VERSION} binary is not installed yet`);
    expect(lines[0]).toContain('the mirror http://127.0.0.1:9/');
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toMatch(/^npm start: the Electron binary could not be downloaded \(.*fetch failed/);
    expect(message).toMatch(/; run the same app in a browser with `npm run serve`\.$/);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/\bat .*\.js:\d+/); // the stack stays in the log file
    expect(message).toContain(join(root, 'unreachable.log'));
    expect(await readFile(join(root, 'unreachable.log'), 'utf8')).toMatch(/at .*\.js:\d+/);
    expect(await exists(join(pkg, 'path.txt'))).toBe(false);
  });

  it('is not downloaded when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const pkg = await electronWithoutBinary('skip');
    const result = await ensureElectron({
      packageDir: pkg,
      env: cleanEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: 'http://127.0.0.1:9/' }),
      installLog: join(root, 'skip.log'),
      log: () => {},
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(
      /^npm start: there is no Electron binary \(.*path\.txt is missing.*ELECTRON_SKIP_BINARY_DOWNLOAD is set.*\), so the desktop app cannot start; run the same app in a browser with `npm run serve`\.$/,
    );
    expect(await exists(join(root, 'skip.log'))).toBe(false);
  });

  it(`is downloaded, checked and unpacked by electron's installer (here on Node ${process.versions.node})`, async () => {
    const pkg = await electronWithoutBinary('mirror');
    const zipName = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;
    const zip = await standInZip(join(root, 'zip-stage'), zipName);
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
    const requests: string[] = [];
    const server = await serve((path) => {
      requests.push(path);
      if (path === `/v${ELECTRON_VERSION}/${zipName}`) return zip;
      if (path === `/v${ELECTRON_VERSION}/SHASUMS256.txt`) return Buffer.from(sums);
      return null;
    });
    try {
      const { port } = server.address() as AddressInfo;
      const result = await ensureElectron({
        packageDir: pkg,
        env: cleanEnv({
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
          // The stand-in is not in electron's checksums.json: check it against the mirror's SHASUMS256.txt.
          electron_use_remote_checksums: '1',
          electron_config_cache: join(root, 'cache-2'),
        }),
        installLog: join(root, 'mirror.log'),
        log: () => {},
      });
      const binary = join(pkg, 'dist', PLATFORM_PATH);
      expect(result).toEqual({ ok: true, path: binary, downloaded: true });
      expect(requests.sort()).toEqual([
        `/v${ELECTRON_VERSION}/SHASUMS256.txt`,
        `/v${ELECTRON_VERSION}/${zipName}`,
      ]);
      expect(await readFile(join(pkg, 'path.txt'), 'utf8')).toBe(PLATFORM_PATH);
      expect(execFileSync(binary, ['--version'], { encoding: 'utf8' })).toBe('stand-in electron --version\n');
    } finally {
      server.close();
    }
  });
});

describe('npm start: build and launch', () => {
  function runStart(
    env: NodeJS.ProcessEnv,
    args: string[] = [],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
      cwd: REPO_ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    return new Promise((resolvePromise) =>
      child.on('close', (code) => resolvePromise({ code, stdout, stderr })),
    );
  }

  it('builds the app, then launches the binary on it and returns its exit code', async () => {
    const record = join(root, 'launch-record.txt');
    const electron = join(root, 'launch', 'electron');
    await fakeElectronScript(electron, `printf '%s\\n' "$PWD" "$@" > "${record}"\nexit 3`);
    // Built into a temporary folder (electron-vite options pass through), so out/ of the checkout is left alone.
    const out = join(root, 'launch-out');
    const entry = join(out, 'main', 'index.js');
    const { code, stdout, stderr } = await runStart(cleanEnv({ ELECTRON_EXEC_PATH: electron }), [
      'preview',
      '--outDir',
      out,
      '--entry',
      entry,
    ]);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(3);
    expect(stdout).toContain('built in');
    for (const built of [entry, join(out, 'preload', 'index.cjs'), join(out, 'renderer', 'index.html')]) {
      expect(await exists(built), built).toBe(true);
    }
    const [cwd, ...args] = (await readFile(record, 'utf8')).trimEnd().split('\n');
    expect(cwd).toBe(REPO_ROOT);
    expect(args[0]).toBe(entry);
    if (process.getuid?.() === 0) expect(args).toContain('--no-sandbox');
  });

  it('stops before building, with one sentence and exit code 1, when the named binary does not exist', async () => {
    const missing = join(root, 'no-such-electron');
    const { code, stdout, stderr } = await runStart(cleanEnv({ ELECTRON_EXEC_PATH: missing }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `npm start: there is no Electron binary (ELECTRON_EXEC_PATH names ${missing}, which does not exist), ` +
        'so the desktop app cannot start; run the same app in a browser with `npm run serve`.\n',
    );
  });
});

/** A zip holding a shell script named like Electron's binary, made with Python's zipfile (python3 is a
 * prerequisite of the test servers). */
async function standInZip(stage: string, name: string): Promise<Buffer> {
  const script = '#!/bin/sh\necho "stand-in electron $*"\n';
  const zipPath = join(stage, name);
  await mkdir(stage, { recursive: true });
  execFileSync('python3', [
    '-c',
    [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1], "w")',
      'i = zipfile.ZipInfo(sys.argv[2]); i.external_attr = 0o755 << 16',
      'z.writestr(i, sys.argv[3]); z.writestr("version", sys.argv[4]); z.close()',
    ].join('\n'),
    zipPath,
    PLATFORM_PATH,
    script,
    `v${ELECTRON_VERSION}`,
  ]);
  return readFile(zipPath);
}

function serve(answer: (path: string) => Buffer | null): Promise<Server> {
  const server = createServer((req, res) => {
    const body = answer(new URL(req.url ?? '/', 'http://x').pathname);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  return new Promise((resolvePromise) => server.listen(0, '127.0.0.1', () => resolvePromise(server)));
}

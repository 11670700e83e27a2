/**
 * Builds the app with the project's electron.vite.config.ts (into a temporary folder) and checks what
 * Electron would load: a preload that runs sandboxed (only `require('electron')`) and exposes only
 * `call`/`on`, a main bundle whose external imports are all shipped dependencies, and a renderer page
 * that carries the strict CSP and no inline script, and the dataset export's copy worker beside the main
 * bundle. Electron itself cannot run here.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_META_CSP } from './shell-config';

const ROOT = resolve(import.meta.dirname, '../..');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'dlb-build-'));
  const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build', '--outDir', out, '--logLevel', 'error'], {
    cwd: ROOT,
    timeout: 180_000,
  });
}, 200_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** Runs the preload as Electron's sandbox does: a bare context whose `require` knows only 'electron'. */
async function loadPreload() {
  const code = await readFile(join(out, 'preload/index.cjs'), 'utf8');
  const exposed: Record<string, any> = {};
  const invoked: [string, unknown][] = [];
  const pathsAsked: unknown[] = [];
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    webUtils: {
      getPathForFile: (file: unknown) => {
        pathsAsked.push(file);
        return '/home/user/photos/a.png';
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return { ok: true, data: { echoed: channel } };
      },
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, fn),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const sandboxRequire = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require "${name}"`);
    return electron;
  };
  // The page's File class, as the sandbox has it (a stand-in: no DOM here).
  const context = vm.createContext({ File: class File {} });
  const wrapper = vm.runInContext(`(function (require, module, exports) {${code}\n})`, context);
  const module = { exports: {} };
  wrapper(sandboxRequire, module, module.exports);
  return {
    code,
    exposed,
    invoked,
    listeners,
    pathsAsked,
    newFile: () => vm.runInContext('new File()', context),
  };
}

describe('the built preload', () => {
  it('requires nothing but electron and exposes only window.datalake = {call, on, pathForFile}', async () => {
    const { code, exposed } = await loadPreload();
    expect([...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['datalake']);
    expect(Object.keys(exposed.datalake).sort()).toEqual(['call', 'on', 'pathForFile']);
    expect(Object.isFrozen(exposed.datalake)).toBe(true);
  });

  it('forwards contract calls and refuses other names', async () => {
    const { exposed, invoked } = await loadPreload();
    expect(await exposed.datalake.call('overview.get', {})).toEqual({
      ok: true,
      data: { echoed: 'datalake:call:overview.get' },
    });
    const refused = await exposed.datalake.call('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invoked).toEqual([['datalake:call:overview.get', {}]]);
  });

  it('gives the path of a File only, through webUtils', async () => {
    const { exposed, pathsAsked, newFile } = await loadPreload();
    const file = newFile();
    expect(exposed.datalake.pathForFile(file)).toBe('/home/user/photos/a.png');
    expect(pathsAsked).toEqual([file]);
    for (const notAFile of ['/etc/passwd', { path: '/etc/passwd' }, null]) {
      expect(() => exposed.datalake.pathForFile(notAFile)).toThrow(/needs a File/);
    }
    expect(pathsAsked).toHaveLength(1);
  });

  it('delivers event payloads without the IPC event, and only for contract events', async () => {
    const { exposed, listeners } = await loadPreload();
    expect(() => exposed.datalake.on('ipc.raw', () => {})).toThrow(/Unknown event/);
    const seen: unknown[] = [];
    const off = exposed.datalake.on('job.progress', (...args: unknown[]) => seen.push(args));
    listeners.get('datalake:event:job.progress')?.({ sender: 'not for the page' }, { jobId: 'j1' });
    expect(seen).toEqual([[{ jobId: 'j1' }]]);
    off();
    expect(listeners.has('datalake:event:job.progress')).toBe(false);
  });
});

describe('the built main process', () => {
  it('ships the local-copy worker beside index.js, and it runs as a worker thread', async () => {
    expect(await readFile(join(out, 'main/index.js'), 'utf8')).toContain('"./copy-worker.js"');
    const source = join(out, 'copy-probe.bin');
    await writeFile(source, 'hello');
    const worker = new Worker(join(out, 'main/copy-worker.js'));
    try {
      const answer = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({
          id: 1,
          source,
          temp: `${source}.copy.partial`,
          target: `${source}.copy`,
          file: 'probe.bin',
          objectHash: null,
          maxBytes: 1000,
          headBytes: 2,
        });
      });
      expect(answer).toMatchObject({
        id: 1,
        status: 'copied',
        bytes: 5,
        sha256: createHash('sha256').update('hello').digest('hex'),
      });
    } finally {
      await worker.terminate();
    }
    expect(await readFile(`${source}.copy`, 'utf8')).toBe('hello');
  });

  it('imports only node built-ins, electron, and declared dependencies (left external)', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const deps = new Set(Object.keys(pkg.dependencies));
    const files = await readdir(join(out, 'main'), { recursive: true });
    const specifiers = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = await readFile(join(out, 'main', file), 'utf8');
      for (const m of code.matchAll(/^import\b[^;]*?from\s*"([^"]+)"/gm)) specifiers.add(m[1]);
      for (const m of code.matchAll(/createRequire\(import\.meta\.url\)\("([^"]+)"\)/g)) specifiers.add(m[1]);
    }
    const builtins = new Set(builtinModules);
    const packageOf = (s: string) =>
      s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0];
    const unexpected = [...specifiers].filter(
      (s) =>
        !s.startsWith('.') &&
        s !== 'electron' &&
        !s.startsWith('node:') &&
        !builtins.has(s) &&
        !deps.has(packageOf(s)),
    );
    expect(unexpected).toEqual([]);
    expect(specifiers.has('electron')).toBe(true);
  });

  it('carries the window settings of shell-config.ts and points at the CommonJS preload', async () => {
    const code = await readFile(join(out, 'main/index.js'), 'utf8');
    expect(code).toContain('"../preload/index.cjs"');
    expect(code).toMatch(/contextIsolation: true,\s+sandbox: true,\s+nodeIntegration: false/);
    expect(code).toContain('webPreferences: { ...WEB_PREFERENCES }');
  });
});

describe('the built renderer page', () => {
  it('has the strict CSP meta and loads only same-origin files, no inline script', async () => {
    const html = await readFile(join(out, 'renderer/index.html'), 'utf8');
    expect(html).toContain(`content="${RENDERER_META_CSP}"`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\.\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\sstyle="/);
  });
});

/**
 * The Electron shell's security settings, asserted from the code that applies them: the exported values,
 * and the shell's sources that hand those values (and nothing else) to Electron. Electron itself cannot
 * run here, so no file imported by this test may import `electron`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import electronViteConfig from '../../electron.vite.config';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalUrl,
  PRELOAD_PATH,
  RENDERER_INDEX_PATH,
  RENDERER_META_CSP,
  WEB_PREFERENCES,
} from './shell-config';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFile(join(ROOT, path), 'utf8');

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('WEB_PREFERENCES', () => {
  it('follows the Electron security checklist', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
  });

  it('points at the CommonJS preload that electron-vite emits next to out/main', () => {
    expect(PRELOAD_PATH.endsWith(join('preload', 'index.cjs'))).toBe(true);
    expect(RENDERER_INDEX_PATH.endsWith(join('renderer', 'index.html'))).toBe(true);
    const preload = (electronViteConfig as any).preload.build;
    expect(preload.rolldownOptions.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });
    // A sandboxed preload can only require('electron'): every other dependency must be bundled into it.
    expect(preload.externalizeDeps).toBe(false);
    expect((electronViteConfig as any).main.build.externalizeDeps).toBe(true);
  });
});

describe('Content-Security-Policy', () => {
  it('is strict for the Electron window (response header)', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    // Payload pictures and files come through the app's own private scheme, nothing remote.
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'datalake-payload:']);
    expect(d.get('connect-src')).toEqual(["'self'", 'datalake-payload:']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('is the <meta> policy of index.html, which adds only the loopback WebSocket of the web host', async () => {
    const html = await read('src/renderer/index.html');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
    expect(meta?.[1]).toBe(RENDERER_META_CSP);
    const d = directives(RENDERER_META_CSP);
    expect(d.get('connect-src')).toEqual([
      "'self'",
      'datalake-payload:',
      'ws://127.0.0.1:*',
      'ws://localhost:*',
    ]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(RENDERER_META_CSP).not.toMatch(/unsafe-(inline|eval)/);
    for (const [name, values] of directives(CONTENT_SECURITY_POLICY)) {
      if (name === 'connect-src' || name === 'frame-ancestors') continue;
      expect(d.get(name), name).toEqual(values);
    }
  });

  it('is relaxed only by the dev server, never in a build', async () => {
    expect(DEV_CONTENT_SECURITY_POLICY).toMatch(/unsafe-inline/);
    const config = await read('electron.vite.config.ts');
    expect(config).toMatch(
      /apply: 'serve',\s+transformIndexHtml: \(html\) => html\.replace\(RENDERER_META_CSP/,
    );
    const security = await read('src/main/security.ts');
    expect(security).toContain(
      "location.kind === 'dev' ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY",
    );
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://www.mongodb.com/docs/', true],
    ['http://example.com/a?b=c', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['https://user:secret@example.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
});

describe('isAppUrl', () => {
  const file = { kind: 'file', indexPath: '/opt/app/out/renderer/index.html' } as const;
  const dev = { kind: 'dev', url: 'http://localhost:5173/' } as const;

  it('accepts only the built index.html in production', () => {
    expect(isAppUrl('file:///opt/app/out/renderer/index.html', file)).toBe(true);
    expect(isAppUrl('file:///opt/app/out/renderer/index.html?x=1#/overview', file)).toBe(true);
    expect(isAppUrl('file:///opt/app/out/renderer/../renderer/index.html', file)).toBe(true);
    expect(isAppUrl('file:///opt/app/out/renderer/other.html', file)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', file)).toBe(false);
    expect(isAppUrl('file://evil.example/opt/app/out/renderer/index.html', file)).toBe(false);
    expect(isAppUrl('https://example.com/', file)).toBe(false);
    expect(isAppUrl('garbage', file)).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://example.com/', dev)).toBe(false);
  });
});

describe('the shell sources use these settings', () => {
  it('window.ts builds the BrowserWindow from WEB_PREFERENCES only', async () => {
    const src = await read('src/main/window.ts');
    expect(src).toMatch(/from '\.\/shell-config'/);
    expect(src).toContain('webPreferences: { ...WEB_PREFERENCES }');
    expect(src.match(/webPreferences/g)).toHaveLength(1);
    expect(src).not.toMatch(/nodeIntegration|contextIsolation|sandbox|webSecurity/);
    expect(src).toContain("win.once('ready-to-show'");
    expect(src).toContain('show: false');
  });

  it('security.ts denies permissions, sets the CSP header, blocks navigation and new windows', async () => {
    const src = await read('src/main/security.ts');
    expect(src).toContain(
      'setPermissionRequestHandler((_contents, _permission, callback) => callback(false))',
    );
    expect(src).toContain('setPermissionCheckHandler(() => false)');
    expect(src).toMatch(/onHeadersReceived[\s\S]+headers\['Content-Security-Policy'\] = \[policy\]/);
    expect(src).toMatch(
      /'will-navigate'[\s\S]+?isAppUrl\(event\.url, location\)[\s\S]+?event\.preventDefault\(\)/,
    );
    expect(src).toMatch(/setWindowOpenHandler\([\s\S]+?return \{ action: 'deny' \}/);
    expect(src).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(src).toMatch(/if \(!isSafeExternalUrl\(url\)\) return;\s+shell\.openExternal\(url\)/);
  });

  it('index.ts applies the guards to every web contents and enables the sandbox app-wide', async () => {
    const src = await read('src/main/index.ts');
    expect(src).toContain('app.enableSandbox()');
    expect(src).toContain(
      "app.on('web-contents-created', (_event, contents) => guardWebContents(contents, location))",
    );
    expect(src).toContain('installSessionSecurity(session.defaultSession, location)');
    expect(src).toContain('app.requestSingleInstanceLock()');
  });

  it('ipc.ts checks the sender before dispatching every contract call', async () => {
    const src = await read('src/main/ipc.ts');
    expect(src).toMatch(/for \(const name of CALL_NAMES\) \{\s+ipcMain\.handle\(callChannel\(name\)/);
    expect(src).toMatch(
      /if \(!isTrustedSender\(invoke, location\)\)[\s\S]+?return dispatcher\.dispatch\(name, input/,
    );
  });

  it('the preload exposes only call and on, for contract names, and the path of a dropped File', async () => {
    const src = await read('src/preload/index.ts');
    expect(src).toContain(
      "contextBridge.exposeInMainWorld('datalake', Object.freeze({ call: bridge.call, on: bridge.on, pathForFile }))",
    );
    expect(src).toMatch(/if \(typeof File === 'undefined' \|\| !\(file instanceof File\)\)/);
    expect(src).toContain('return webUtils.getPathForFile(file);');
    expect(src.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(src).toContain('if (!isCallName(name))');
    expect(src).toContain('if (!isEventName(event))');
  });

  it('only the Electron shell files import electron', async () => {
    const ELECTRON_IMPORT =
      /^\s*(import|export)\b[^;]*?from\s*['"]electron(\/[^'"]*)?['"]|\b(require|import)\(\s*['"]electron['"]/m;
    const allowed = new Set([
      'src/main/index.ts',
      'src/main/window.ts',
      'src/main/security.ts',
      'src/main/ipc.ts',
      'src/main/payload-protocol.ts',
      'src/main/dialogs.ts',
      'src/main/menu.ts',
      'src/main/safe-storage-secrets.ts',
      'src/preload/index.ts',
    ]);
    const importers: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.tsx?$/.test(entry.name)) {
          const src = await readFile(path, 'utf8');
          const file = relative(ROOT, path);
          if (file === 'src/main/shell-config.test.ts') continue; // its patterns below would match
          const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
          if (ELECTRON_IMPORT.test(code)) importers.push(file);
        }
      }
    };
    await walk(join(ROOT, 'src'));
    expect(importers.sort()).toEqual([...allowed].sort());
  });
});

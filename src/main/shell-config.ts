/**
 * The Electron shell's security settings, kept free of any `electron` import so that a unit test can read
 * exactly the values that window.ts and security.ts hand to Electron.
 */
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Built next to out/main/index.js by electron-vite (see electron.vite.config.ts: preload is CJS). */
export const PRELOAD_PATH = join(dirname(fileURLToPath(import.meta.url)), '../preload/index.cjs');

/** The built renderer's entry, loaded with `loadFile` in production. */
export const RENDERER_INDEX_PATH = join(dirname(fileURLToPath(import.meta.url)), '../renderer/index.html');

/** Electron's security checklist, as BrowserWindow webPreferences. */
export const WEB_PREFERENCES = Object.freeze({
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
  spellcheck: false,
  preload: PRELOAD_PATH,
});

export const WINDOW_DEFAULTS = Object.freeze({
  width: 1280,
  height: 820,
  minWidth: 900,
  minHeight: 600,
  title: 'Datalake Browser',
});

/** The private scheme payload bytes come through in Electron (`datalake-payload://payload/<id>`). */
export const PAYLOAD_SCHEME = 'datalake-payload';

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

const BASE_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // React sets inline styles through the CSSOM, which CSP allows; no <style> or style="" is needed.
  'style-src': ["'self'"],
  // Payload pictures: the web host serves them from 'self', Electron from its private scheme.
  'img-src': ["'self'", 'data:', 'blob:', `${PAYLOAD_SCHEME}:`],
  'font-src': ["'self'"],
  'connect-src': ["'self'", `${PAYLOAD_SCHEME}:`],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

/** Sent as a response header by the Electron shell: the renderer talks to main only through IPC. */
export const CONTENT_SECURITY_POLICY = policy(BASE_DIRECTIVES);

/**
 * Only for `electron-vite dev`: the dev server's React refresh preamble is an inline script and HMR uses a
 * WebSocket. Never used for a built app (see security.ts and the dev-only plugin in electron.vite.config.ts).
 */
export const DEV_CONTENT_SECURITY_POLICY = policy({
  ...BASE_DIRECTIVES,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'", `${PAYLOAD_SCHEME}:`, 'ws://localhost:*', 'ws://127.0.0.1:*'],
});

/**
 * The `<meta>` policy in src/renderer/index.html. The same built page is served by the web host, whose
 * client connects over a loopback WebSocket, so connect-src also allows that (and nothing else).
 * `frame-ancestors` is ignored in a meta tag, so it is left out here.
 */
export const RENDERER_META_CSP = policy({
  ...Object.fromEntries(Object.entries(BASE_DIRECTIVES).filter(([name]) => name !== 'frame-ancestors')),
  'connect-src': ["'self'", `${PAYLOAD_SCHEME}:`, 'ws://127.0.0.1:*', 'ws://localhost:*'],
});

/** Links the app may hand to the OS browser: plain http(s) with a host and no embedded credentials. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (!parsed.hostname || parsed.username || parsed.password) return false;
  return true;
}

/** Where the window's renderer comes from: the built file, or the dev server in `electron-vite dev`. */
export type RendererLocation = { kind: 'file'; indexPath: string } | { kind: 'dev'; url: string };

/** True when `url` is the app's own renderer page, the only page allowed to navigate or call IPC. */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.kind === 'dev') {
    const dev = new URL(location.url);
    return parsed.origin === dev.origin && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  try {
    return normalize(fileURLToPath(parsed)) === normalize(location.indexPath);
  } catch {
    return false;
  }
}

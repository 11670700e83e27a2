/** Serves the built renderer (`out/renderer`) with correct content types, never outside its folder. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` for a URL path, or null when the path is malformed or leaves the root
 * (`..`, encoded separators, NUL bytes).
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const full = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

/** Answers a GET for a static file; unknown paths without an extension get index.html (client routes). */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  head = false,
): Promise<void> {
  let path = resolveStaticPath(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!path) return plain(res, 400, 'Bad path');
  let info = await stat(path).catch(() => null);
  if (info?.isDirectory()) {
    path = resolve(path, 'index.html');
    info = await stat(path).catch(() => null);
  }
  if (!info && !extname(path)) {
    path = resolve(root, 'index.html');
    info = await stat(path).catch(() => null);
  }
  if (!info?.isFile()) {
    const built = await stat(resolve(root, 'index.html')).catch(() => null);
    return plain(
      res,
      404,
      built ? 'Not found' : `The renderer is not built (no ${root}/index.html): run "npm run build"`,
    );
  }
  const isHtml = path.endsWith('.html');
  res.writeHead(200, {
    'content-type': contentType(path),
    'content-length': info.size,
    // Hashed assets may be cached; the page itself always comes fresh.
    'cache-control': isHtml ? 'no-store' : 'private, max-age=3600',
  });
  if (head) {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The web host: the same services as the desktop app, behind HTTP + WebSocket on 127.0.0.1.
 * Static files of the built renderer at `/`, contract calls over `/ws`, uploads at `POST /upload`.
 * Every request needs the random token and, when it carries one, an Origin that is this host.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';
import { clientFrameSchema, type ServerFrame } from '#shared/contract';
import { InvalidInputError, toErrorPayload } from '#shared/errors';
import { createDispatcher, type Dispatcher } from '../services/dispatcher';
import { FileSecretStore } from '../services/file-secret-store';
import { type PayloadResponse, payloadErrorBody, payloadHeaders } from '../services/payload-service';
import type { SecretStore } from '../services/secret-store';
import { type AppInfo, createServices, type Services } from '../services/services';
import type { ClientSession } from '../services/sessions';
import { cookieToken, explicitToken, newToken, refusal, sameToken, TOKEN_COOKIE } from './security';
import { plain, serveStatic } from './static-files';

export interface WebHostOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  rendererDir?: string;
  secretStore?: SecretStore;
  /** A fixed token (tests); random by default. */
  token?: string;
  progressIntervalMs?: number;
  openTimeoutMs?: number;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
  log?: (message: string) => void;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  services: Services;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((m: string) => console.log(m));
  const token = options.token ?? newToken();
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const services = await createServices({
    dataDir: options.dataDir,
    secrets: options.secretStore ?? new FileSecretStore(options.dataDir),
    app: webAppInfo(),
    progressIntervalMs: options.progressIntervalMs,
    openTimeoutMs: options.openTimeoutMs,
    maxUploadBytes: options.maxUploadBytes,
  });
  const dispatcher = createDispatcher(services, { log: (m, d) => log(`${m} ${d ? JSON.stringify(d) : ''}`) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let port = 0;

  const server = createServer((req, res) => {
    securityHeaders(res);
    handleHttp(req, res).catch((err) => {
      log(`request ${req.method} ${req.url} failed: ${(err as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  /** An upload belongs to the WebSocket session named by `x-session-id` (from `app.session`). */
  function uploadSession(req: IncomingMessage): ClientSession {
    const id = headerValue(req.headers['x-session-id']);
    const session = id ? services.sessions.get(id) : undefined;
    if (!session) {
      throw new InvalidInputError(
        'An upload needs the x-session-id header of an open WebSocket session (see the app.session call)',
        { header: 'x-session-id' },
      );
    }
    return session;
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const refused = refusal(req, port);
    if (refused) return plain(res, 403, `Forbidden: ${refused}`);
    if (url.pathname === '/upload') {
      if (!sameToken(token, explicitToken(req, url)))
        return plain(res, 403, 'Forbidden: missing or wrong token');
      if (req.method !== 'POST') return plain(res, 405, 'Use POST for uploads');
      try {
        const session = uploadSession(req);
        const declared = Number(req.headers['content-length']);
        const upload = await services.uploads.receive(
          {
            name: headerValue(req.headers['x-file-name']),
            declaredSize: Number.isFinite(declared) ? declared : undefined,
            body: req,
          },
          session,
        );
        return json(res, 200, { ok: true, data: { uploadId: upload.uploadId, size: upload.size } });
      } catch (err) {
        const error = toErrorPayload(err);
        const status = error.code === 'PAYLOAD_TOO_LARGE' ? 413 : error.code === 'INVALID_INPUT' ? 400 : 500;
        return json(res, status, { ok: false, error });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
    const queryToken = url.searchParams.get('token');
    if (!sameToken(token, queryToken) && !sameToken(token, cookieToken(req))) {
      return plain(res, 403, 'Forbidden: missing or wrong token. Open the URL that "npm run serve" printed.');
    }
    if (url.pathname.startsWith('/payload/')) return servePayload(url, res, req.method === 'HEAD');
    if (url.pathname.startsWith('/download/')) return serveDownload(url, res);
    // Assets loaded by the page carry no query string: a strict, HttpOnly cookie lets them through.
    if (queryToken)
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    await serveStatic(rendererDir, url.pathname, res, req.method === 'HEAD');
  }

  /** `GET /download/<jobId>?session=<id>`: the file of a finished export of that session. */
  async function serveDownload(url: URL, res: ServerResponse): Promise<void> {
    try {
      const download = services.exports.download(
        url.searchParams.get('session') ?? '',
        decodeURIComponent(url.pathname.slice('/download/'.length)),
      );
      const size = (await stat(download.path)).size;
      res.writeHead(200, {
        'content-type': download.mediaType,
        'content-length': String(size),
        'cache-control': 'no-store',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      });
      await pipeline(createReadStream(download.path), res).catch(() => res.destroy());
    } catch (err) {
      const { status, body } = payloadErrorBody(err);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(body);
    }
  }

  /** `GET /payload/<id>[?file=<name>][&as=png]`: one file of a registry datum, streamed. */
  async function servePayload(url: URL, res: ServerResponse, headOnly: boolean): Promise<void> {
    let payload: PayloadResponse;
    try {
      const as = url.searchParams.get('as');
      payload = await services.payloads.open({
        id: decodeURIComponent(url.pathname.slice('/payload/'.length)),
        file: url.searchParams.get('file') ?? undefined,
        as: as === 'png' ? 'png' : undefined,
      });
    } catch (err) {
      const { status, body } = payloadErrorBody(err);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(body);
      return;
    }
    res.writeHead(200, payloadHeaders(payload));
    if (headOnly) {
      payload.body.destroy();
      res.end();
      return;
    }
    // A failure mid-stream (a hash mismatch found at the end, a registry gone) cuts the response short, so
    // the client sees an incomplete body rather than a complete-looking wrong one.
    await pipeline(payload.body, res).catch(() => res.destroy());
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const refused =
      url.pathname !== '/ws'
        ? 'not a WebSocket endpoint'
        : (refusal(req, port) ??
          (sameToken(token, explicitToken(req, url)) ? null : 'missing or wrong token'));
    if (refused) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nForbidden: ${refused}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let nextClient = 1;
  wss.on('connection', (ws: WebSocket) => {
    // Each socket is a client session: its events, cursors, jobs and uploads end when it drops.
    const session = services.sessions.open(`ws-${nextClient++}`, (name, payload) =>
      send(ws, { type: 'event', name, payload }),
    );
    ws.on('close', () => void session.dispose());
    ws.on('error', (err) => log(`${session.id}: ${err.message}`));
    ws.on('message', (data, isBinary) => {
      void answer(ws, session, data, isBinary);
    });
  });

  async function answer(
    ws: WebSocket,
    session: ClientSession,
    data: unknown,
    isBinary: boolean,
  ): Promise<void> {
    const invalid = (id: number | null, message: string, details: Record<string, unknown> = {}) =>
      send(ws, {
        type: 'result',
        id,
        envelope: { ok: false, error: { code: 'INVALID_INPUT', message, details } },
      });
    if (isBinary) return invalid(null, 'Frames must be JSON text');
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return invalid(null, 'A frame is not valid JSON');
    }
    const frame = clientFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = (parsed as { id?: unknown } | null)?.id;
      return invalid(
        Number.isInteger(id) ? (id as number) : null,
        'A frame must be {"type":"call","id":<integer>,"name":...,"input":{...}}',
        {
          issues: frame.error.issues,
        },
      );
    }
    const envelope = await dispatcher.dispatch(frame.data.name, frame.data.input, { host: 'web', session });
    send(ws, { type: 'result', id: frame.data.id, envelope });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await services.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${options.port} on ${HOST} is already in use: choose another with --port, or leave it out`,
      );
    }
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/?token=${encodeURIComponent(token)}`;

  return {
    url,
    token,
    port,
    services,
    dispatcher,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function securityHeaders(res: ServerResponse): void {
  // The URL carries the token: never leak it through a Referer.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

function webAppInfo(): AppInfo {
  let version = '0.0.0';
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    version = pkg.version ?? version;
  } catch {
    // A bundled copy without package.json next to it still runs; the version is only informative.
  }
  return { name: 'Datalake Browser', version, versions: { node: process.versions.node }, host: 'web' };
}

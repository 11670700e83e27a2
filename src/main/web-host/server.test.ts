import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { startWebHost, type WebHost } from './server';
import { resolveStaticPath } from './static-files';

let host: WebHost;
let root: string;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-webhost-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Datalake Browser</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
  host = await startWebHost({
    dataDir: join(root, 'data'),
    rendererDir,
    progressIntervalMs: 50,
    log: () => {},
  });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (fetch would normalise `..` and forbid setting Host/Origin). */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: Readable | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

function openSocket(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A tiny client: numbered calls, results matched by id, events collected. */
function client(ws: WebSocket) {
  let next = 1;
  const pending = new Map<number | null, (frame: any) => void>();
  const events: any[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'event') events.push(frame);
    else {
      pending.get(frame.id)?.(frame);
      pending.delete(frame.id);
    }
  });
  const waitFor = (id: number | null) => new Promise<any>((resolve) => pending.set(id, resolve));
  return {
    events,
    async call(name: string, input: unknown) {
      const id = next++;
      const answer = waitFor(id);
      ws.send(JSON.stringify({ type: 'call', id, name, input }));
      return (await answer).envelope;
    },
    async sendRaw(text: string, id: number | null = null) {
      const answer = waitFor(id);
      ws.send(text);
      return (await answer).envelope;
    },
  };
}

describe('web host: HTTP', () => {
  it('serves the renderer only with the token, then to the page through a strict cookie', async () => {
    expect((await raw('/')).status).toBe(403);
    expect((await raw('/?token=wrong')).status).toBe(403);
    expect((await raw('/assets/app.js')).status).toBe(403);
    const page = await raw(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>Datalake Browser</title>');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
    const js = await raw('/assets/app.js', { cookie });
    expect(js).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw('/assets/app.css', { cookie })).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    // Client-side routes fall back to the page; missing assets are 404.
    expect((await raw('/overview', { cookie })).body).toContain('<title>');
    expect((await raw('/assets/missing.js', { cookie })).status).toBe(404);
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    const evil = await raw(`/?token=${host.token}`, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toContain('Origin "http://evil.example" is not allowed');
    expect((await raw(`/?token=${host.token}`, { origin: `http://localhost:${host.port}` })).status).toBe(
      200,
    );
    expect((await raw(`/?token=${host.token}`, { host: `rebound.example:${host.port}` })).status).toBe(403);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      const answer = await raw(`${path}?token=${host.token}`);
      expect(answer.body).not.toContain('TOP SECRET');
      expect(answer.status === 400 || answer.status === 404 || answer.body.includes('<title>')).toBe(true);
    }
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/assets/a%20b.js')).toBe('/srv/app/assets/a b.js');
    expect(resolveStaticPath('/srv/app', '/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeNull();
  });

  it('streams an upload to a temporary file owned by the WebSocket session, answering an envelope', async () => {
    const ws = await openSocket(`/ws?token=${host.token}`);
    const { data } = await client(ws).call('app.session', {});
    const sessionId: string = data.sessionId;
    expect(host.services.sessions.get(sessionId)).toBeDefined();
    const chunks = Array.from({ length: 40 }, () => randomBytes(128 * 1024));
    const whole = Buffer.concat(chunks);
    const answer = await raw(
      `/upload?token=${host.token}`,
      {
        'x-file-name': encodeURIComponent('photo été.png'),
        'x-session-id': sessionId,
        'content-type': 'application/octet-stream',
      },
      'POST',
      Readable.from(chunks),
    );
    expect(answer.status).toBe(200);
    const envelope = JSON.parse(answer.body);
    expect(envelope.ok).toBe(true);
    expect(envelope.data.size).toBe(whole.length);
    const session = host.services.sessions.get(sessionId)!;
    const upload = host.services.uploads.get(session, envelope.data.uploadId);
    expect(upload.name).toBe('photo été.png');
    const stored = await readFile(upload.path);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(whole).digest('hex'),
    );

    // The socket drops: its session ends and takes the upload's file with it.
    ws.close();
    await expect.poll(() => host.services.sessions.get(sessionId), { timeout: 5000 }).toBeUndefined();
    await expect
      .poll(
        () =>
          readFile(upload.path).then(
            () => 'exists',
            () => 'gone',
          ),
        { timeout: 5000 },
      )
      .toBe('gone');
  });

  it('refuses uploads without a token, from a foreign Origin, without a session or a name', async () => {
    expect((await raw('/upload', { 'x-file-name': 'a' }, 'POST', Buffer.from('x'))).status).toBe(403);
    expect(
      (
        await raw(
          `/upload?token=${host.token}`,
          { 'x-file-name': 'a', origin: 'http://evil.example' },
          'POST',
          Buffer.from('x'),
        )
      ).status,
    ).toBe(403);
    const noSession = await raw(
      `/upload?token=${host.token}`,
      { 'x-file-name': 'a' },
      'POST',
      Buffer.from('x'),
    );
    expect(noSession.status).toBe(400);
    expect(JSON.parse(noSession.body)).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message:
          'An upload needs the x-session-id header of an open WebSocket session (see the app.session call)',
        details: { header: 'x-session-id' },
      },
    });
    const ws = await openSocket(`/ws?token=${host.token}`);
    const { data } = await client(ws).call('app.session', {});
    const noName = await raw(
      `/upload?token=${host.token}`,
      { 'x-session-id': data.sessionId },
      'POST',
      Buffer.from('x'),
    );
    expect(noName.status).toBe(400);
    expect(JSON.parse(noName.body)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'An upload needs a file name (x-file-name header)' },
    });
    ws.close();
  });
});

describe('web host: WebSocket', () => {
  it('refuses a missing token and a foreign Origin with 403', async () => {
    await expect(openSocket('/ws')).rejects.toThrow('HTTP 403');
    await expect(openSocket('/ws?token=nope')).rejects.toThrow('HTTP 403');
    await expect(openSocket(`/ws?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    await expect(openSocket(`/other?token=${host.token}`)).rejects.toThrow('HTTP 403');
  });

  it('answers invalid frames with INVALID_INPUT envelopes and keeps the socket usable', async () => {
    const ws = await openSocket(`/ws?token=${host.token}`, { origin: base });
    const c = client(ws);
    try {
      const invalid = await c.call('connections.add', { name: 'x' });
      expect(invalid).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { call: 'connections.add' } },
      });
      expect(await c.sendRaw('this is not json')).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'A frame is not valid JSON' },
      });
      expect(await c.sendRaw(JSON.stringify({ type: 'call', id: 77 }), 77)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(await c.call('nope.nope', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(ws.readyState).toBe(WebSocket.OPEN);
      const info = await c.call('app.info', {});
      expect(info).toMatchObject({ ok: true, data: { host: 'web', name: 'Datalake Browser' } });
      expect(info.data.secretStorage).toMatchObject({ encrypted: false });
    } finally {
      ws.close();
    }
  });

  it('runs calls end to end and pushes job events', async () => {
    const ws = await openSocket(`/ws?token=${host.token}`);
    const c = client(ws);
    try {
      const added = await c.call('connections.add', {
        name: 'WS',
        kind: 'mongodb',
        uri: testMongoUri(),
        dbName: uniqueName('ws'),
      });
      expect(added.ok).toBe(true);
      expect((await c.call('connections.activate', { id: added.data.id })).ok).toBe(true);
      expect(c.events).toContainEqual({
        type: 'event',
        name: 'connections.changed',
        payload: { activeId: added.data.id },
      });
      const { data } = await c.call('sample.load', { images: 12 });
      const done = await new Promise<any>((resolve) => {
        const timer = setInterval(() => {
          const event = c.events.find((e) => e.name === 'job.done' && e.payload.jobId === data.jobId);
          if (event) {
            clearInterval(timer);
            resolve(event);
          }
        }, 20);
      });
      expect(done.payload).toMatchObject({
        status: 'succeeded',
        kind: 'sample.load',
        result: { images: 12 },
      });
      expect(c.events.some((e) => e.name === 'job.progress' && e.payload.jobId === data.jobId)).toBe(true);
      const overview = await c.call('overview.get', {});
      expect(overview.data.estimatedCount).toBe(done.payload.result.total);
      expect((await c.call('connections.activate', { id: 'embedded' })).ok).toBe(true);
    } finally {
      ws.close();
    }
  });
});

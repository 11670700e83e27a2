/**
 * The Electron IPC host without the Electron binary: `ipcMain` and the windows' web contents are small
 * fakes with the same methods (the binary cannot be downloaded here); the services and dispatcher are real.
 * Each window is its own session: its calls, events and cursors are its own, and closing it releases them.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, type Envelope, type EventName } from '#shared/contract';
import { callChannel, eventChannel } from '#shared/ipc-channels';
import { type IpcInvokeEvent, type IpcOptions, registerIpc } from './ipc';
import { createDispatcher, createServices, FileSecretStore, type Services } from './services';
import type { RendererLocation } from './shell-config';

const INDEX = '/opt/datalake-browser/out/renderer/index.html';
const location: RendererLocation = { kind: 'file', indexPath: INDEX };
const APP_URL = `${pathToFileURL(INDEX).href}#/overview`;

type Handler = (event: unknown, input: unknown) => Promise<Envelope<unknown>>;

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

/** A window's web contents: records what main sends it, and can be destroyed. */
class FakeWindow extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWindow.nextId++;
  readonly sent: Array<{ channel: string; payload: any }> = [];
  url = APP_URL;
  destroyed = false;
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  events(name: EventName) {
    return this.sent.filter((s) => s.channel === eventChannel(name)).map((s) => s.payload);
  }
}

let dataDir: string;
let services: Services;
let ipcMain: FakeIpcMain;
let unregister: () => Promise<void>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dlb-ipc-'));
  services = await createServices({
    dataDir,
    secrets: new FileSecretStore(dataDir),
    app: {
      name: 'Datalake Browser',
      version: '0.0.0-test',
      versions: { node: process.versions.node },
      host: 'electron',
    },
    progressIntervalMs: 20,
  });
  ipcMain = new FakeIpcMain();
  unregister = registerIpc({
    ipcMain: ipcMain as unknown as IpcOptions['ipcMain'],
    dispatcher: createDispatcher(services, { log: () => {} }),
    sessions: services.sessions,
    location,
  });
});
afterAll(async () => {
  await unregister();
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

function call(win: FakeWindow, name: string, input: unknown, frameUrl = win.url, parent: unknown = null) {
  const handler = ipcMain.handlers.get(`datalake:call:${name}`);
  if (!handler) throw new Error(`no handler for ${name}`);
  const event: IpcInvokeEvent = {
    sender: win as unknown as IpcInvokeEvent['sender'],
    senderFrame: { url: frameUrl, parent } as unknown as IpcInvokeEvent['senderFrame'],
  };
  return handler(event, input);
}

describe('Electron IPC host', () => {
  it('registers exactly one handler per contract call', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('answers the app page, validates input, and refuses other pages and frames', async () => {
    const win = new FakeWindow();
    const info = await call(win, 'app.info', {});
    expect(info).toMatchObject({ ok: true, data: { host: 'electron', dataDir } });
    expect(await call(win, 'jobs.get', { jobId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call(win, 'app.info', {}, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'The call app.info came from a page that is not the app.' },
    });
    expect(await call(win, 'app.info', {}, APP_URL, { url: APP_URL })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    win.destroy();
  });

  it('gives each window its own session: events go to the window that started the job', async () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    const sa = await call(a, 'app.session', {});
    const sb = await call(b, 'app.session', {});
    expect(sa.ok && sb.ok).toBe(true);
    if (!sa.ok || !sb.ok) return;
    expect(sa.data).not.toEqual(sb.data);

    const started = await call(a, 'sample.load', { images: 8 });
    expect(started.ok).toBe(true);
    await expect.poll(() => a.events('job.done').length, { timeout: 60_000 }).toBe(1);
    expect(a.events('job.done')[0]).toMatchObject({ kind: 'sample.load', status: 'succeeded' });
    expect(a.events('job.progress').length).toBeGreaterThan(0);
    expect(b.sent).toEqual([]);
    // B cannot see A's job either.
    const jobId = (started as { data: { jobId: string } }).data.jobId;
    expect(await call(b, 'jobs.get', { jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    a.destroy();
    b.destroy();
  });

  it('releases a window’s cursors when it is closed, and sends nothing to a page that navigated away', async () => {
    const win = new FakeWindow();
    const opened = await call(win, 'query.open', { query: [{ column: 'image_id', 'data.type': 'image' }] });
    expect(opened.ok).toBe(true);
    const { cursorId } = (opened as { data: { cursorId: string } }).data;
    const session = await call(win, 'app.session', {});
    const sessionId = (session as { data: { sessionId: string } }).data.sessionId;
    expect(services.cursors.openIds(sessionId)).toEqual([cursorId]);

    // Another window cannot read it.
    const other = new FakeWindow();
    expect(await call(other, 'query.next', { cursorId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    win.url = 'https://elsewhere.example/';
    services.sessions.broadcast('connections.changed', { activeId: 'embedded' });
    expect(win.sent).toEqual([]);
    expect(other.events('connections.changed')).toEqual([{ activeId: 'embedded' }]);

    win.destroy();
    await expect.poll(() => services.sessions.get(sessionId)).toBeUndefined();
    expect(services.cursors.openIds(sessionId)).toEqual([]);
    other.destroy();
  });

  it('removes its handlers and ends the sessions when unregistered', async () => {
    const local = new FakeIpcMain();
    const win = new FakeWindow();
    const stop = registerIpc({
      ipcMain: local as unknown as IpcOptions['ipcMain'],
      dispatcher: createDispatcher(services, { log: () => {} }),
      sessions: services.sessions,
      location,
    });
    const handler = local.handlers.get(callChannel('app.session'))!;
    const answer = await handler({ sender: win, senderFrame: { url: APP_URL, parent: null } }, {});
    const id = (answer as { data: { sessionId: string } }).data.sessionId;
    expect(services.sessions.get(id)).toBeDefined();
    await stop();
    expect(local.handlers.size).toBe(0);
    expect(services.sessions.get(id)).toBeUndefined();
  });
});

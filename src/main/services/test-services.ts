/** Test helpers for the services: a fresh data folder and services on it, torn down by `close()`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '#shared/contract';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { FileSecretStore } from './file-secret-store';
import type { CallContext } from './handlers/types';
import { createServices, type Services } from './services';
import type { ClientSession } from './sessions';

export interface TestServices {
  dataDir: string;
  services: Services;
  dispatcher: Dispatcher;
  /** Events sent to `session`, the client session of `dispatcher`'s calls. */
  events: Array<{ event: EventName; payload: any }>;
  session: ClientSession;
  close(): Promise<void>;
}

/** Services on a fresh temporary folder, or on `existing` (a restart; `close()` then leaves it in place). */
export async function makeTestServices(existing?: string): Promise<TestServices> {
  const dataDir = existing ?? (await mkdtemp(join(tmpdir(), 'dlb-services-')));
  const services = await createServices({
    dataDir,
    secrets: new FileSecretStore(dataDir),
    app: {
      name: 'Datalake Browser',
      version: '0.0.0-test',
      versions: { node: process.versions.node },
      host: 'web',
    },
    progressIntervalMs: 50,
    openTimeoutMs: 3000,
  });
  const events: TestServices['events'] = [];
  // One client session records every event addressed to it; calls made through `dispatcher` use it.
  const session = services.sessions.open('test-client', (event, payload) => events.push({ event, payload }));
  const ctx: CallContext = { host: 'web', session };
  const inner = createDispatcher(services, { log: () => {} });
  const dispatcher: Dispatcher = {
    handlers: inner.handlers,
    dispatch: (name, input, c = ctx) => inner.dispatch(name, input, c),
    call: (name, input, c = ctx) => inner.call(name, input, c),
  };
  return {
    dataDir,
    services,
    dispatcher,
    session,
    events,
    async close() {
      await services.close();
      if (!existing) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The data of an ok envelope; a failure envelope fails the test with its error. */
export async function ok<T>(promise: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> {
  const envelope = await promise;
  if (!envelope.ok) throw new Error(`expected ok, got ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

/** Saves a connection to the MongoDB test server (a fresh database unless `dbName` is given). */
export function addTestMongo(
  t: TestServices,
  name: string,
  dbName = uniqueName(name.toLowerCase().replace(/\W+/g, '-')),
) {
  return ok(t.dispatcher.call('connections.add', { name, kind: 'mongodb', uri: testMongoUri(), dbName }));
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

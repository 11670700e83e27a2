/**
 * An in-memory stand-in for the host, for component tests and UI previews without a backend. It keeps to
 * the contract's shapes and answers with envelopes, like the real hosts; it is never bundled unless a test
 * or preview imports it.
 */
import type {
  CallInput,
  CallName,
  CallOutput,
  Connection,
  DatalakeBridge,
  Envelope,
  EventName,
  EventPayload,
} from '#shared/contract';
import { type DatalakeError, InvalidInputError, NotFoundError, toErrorPayload } from '#shared/errors';
import { createEventListeners } from './event-listeners';

type Handlers = { [N in CallName]?: (input: CallInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };

export interface FakeBridgeOptions {
  /** Datums per type in the embedded datalake at start (empty by default). */
  counts?: Record<string, number>;
  /** Replace or add handlers, e.g. to make one call fail. */
  handlers?: Handlers;
  /** Delay of each call and of each sample-load step, in ms. */
  latencyMs?: number;
}

export interface FakeBridge extends DatalakeBridge {
  emit<N extends EventName>(event: N, payload: EventPayload<N>): void;
}

const EMBEDDED: Connection = {
  id: 'embedded',
  name: 'Local datalake',
  kind: 'embedded',
  path: '~/.config/datalake-browser/datalake',
  registryUri: 'file:///home/user/.config/datalake-browser/datalake/registry',
  registryGeneration: 'mindtrace',
  timestamps: 'utc',
  isDefault: true,
};

export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const latency = options.latencyMs ?? 0;
  const events = createEventListeners();
  const connections: Connection[] = [{ ...EMBEDDED }];
  const counts = new Map<string, Map<string, number>>([
    ['embedded', new Map(Object.entries(options.counts ?? {}))],
  ]);
  let activeId = 'embedded';
  let nextId = 1;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const emit: FakeBridge['emit'] = (event, payload) => events.emit(event, payload);
  const find = (id: string) => {
    const found = connections.find((c) => c.id === id);
    if (!found) throw new NotFoundError(`No connection with id "${id}".`, { id });
    return found;
  };
  const activeCounts = () => counts.get(activeId) ?? new Map<string, number>();
  const total = () => [...activeCounts().values()].reduce((a, b) => a + b, 0);
  const redact = (uri: string) => uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

  const base: Required<Handlers> = {
    'app.info': () => ({
      name: 'Datalake Browser',
      version: '0.1.0',
      versions: { node: '20.20.0' },
      host: 'web',
      dataDir: '~/.config/datalake-browser',
      secretStorage: { encrypted: false, warning: 'The fake host keeps passwords in memory.' },
    }),
    'connections.list': () => ({ connections: connections.map((c) => ({ ...c })), activeId }),
    'connections.add': (input) => {
      if (!/^mongodb(\+srv)?:\/\//.test(input.uri)) {
        throw new InvalidInputError(`"${input.uri}" is not a MongoDB connection string.`, { uri: input.uri });
      }
      const conn: Connection = {
        id: `conn-${nextId++}`,
        name: input.name,
        kind: 'mongodb',
        uriRedacted: redact(input.uri),
        dbName: input.dbName,
        registryUri: `file:///home/user/.config/datalake-browser/registries/conn-${nextId - 1}`,
        registryGeneration: input.registryGeneration ?? 'mindtrace',
        timestamps: input.timestamps ?? 'utc',
        isDefault: false,
      };
      connections.push(conn);
      counts.set(conn.id, new Map());
      return conn;
    },
    'connections.update': (input) => {
      const conn = find(input.id);
      if (input.name !== undefined) conn.name = input.name;
      if (input.uri !== undefined) conn.uriRedacted = redact(input.uri);
      if (input.dbName !== undefined) conn.dbName = input.dbName;
      if (input.timestamps !== undefined) conn.timestamps = input.timestamps;
      if (input.registryGeneration !== undefined) conn.registryGeneration = input.registryGeneration;
      return { ...conn };
    },
    'connections.delete': (input) => {
      const conn = find(input.id);
      if (conn.isDefault)
        throw new InvalidInputError('The embedded datalake cannot be deleted.', { id: conn.id });
      connections.splice(connections.indexOf(conn), 1);
      if (activeId === conn.id) {
        activeId = 'embedded';
        emit('connections.changed', { activeId });
      }
      return { deleted: true, activeId };
    },
    'connections.test': (input) => {
      const uri = input.uri ?? find(input.id ?? '').uriRedacted ?? '';
      if (/:1\d{0,3}\/|:9\d*\//.test(uri) || uri.includes('unreachable')) {
        return {
          ok: false,
          message: `Nothing is listening at ${uri.replace(/^mongodb:\/\//, '').split('/')[0]} (connection refused).`,
          latencyMs: 3,
        };
      }
      return { ok: true, message: 'Connected.', latencyMs: 12, serverVersion: '7.0.0' };
    },
    'connections.activate': (input) => {
      const conn = find(input.id);
      activeId = conn.id;
      emit('connections.changed', { activeId });
      return { ...conn };
    },
    'overview.get': () => ({
      estimatedCount: total(),
      countsByType: [...activeCounts()]
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count),
      connection: { ...find(activeId) },
    }),
    'overview.exactCount': () => ({ count: total() }),
    'overview.schema': () => {
      const n = Math.min(1000, total());
      if (n === 0) return { sampled: 0, fields: [] };
      return {
        sampled: n,
        fields: [
          { path: 'data.type', types: ['string'], count: n },
          { path: 'data.filename', types: ['string'], count: Math.round(n * 0.45) },
          { path: 'data.label', types: ['string'], count: Math.round(n * 0.4) },
          { path: 'data.bbox', types: ['array'], count: Math.round(n * 0.15) },
          { path: 'metadata.project', types: ['string'], count: n },
          { path: 'metadata.score', types: ['number', 'null'], count: Math.round(n * 0.3) },
        ],
      };
    },
    'sample.load': () => {
      if (total() > 0)
        throw new InvalidInputError('The sample dataset only loads into an empty datalake.', {});
      const jobId = `job-${nextId++}`;
      void (async () => {
        const steps = 8;
        for (let i = 1; i <= steps; i++) {
          await sleep(latency * 4);
          emit('job.progress', {
            jobId,
            kind: 'sample.load',
            done: i * 50,
            total: 400,
            message: 'Writing images',
          });
        }
        const c = activeCounts();
        c.set('image', 400);
        c.set('classification', 310);
        c.set('bbox', 120);
        counts.set(activeId, c);
        emit('job.done', { jobId, kind: 'sample.load', status: 'succeeded', result: {} });
      })();
      return { jobId };
    },
    'jobs.get': (input) => {
      throw new NotFoundError(`No job with id "${input.jobId}".`, { jobId: input.jobId });
    },
    'jobs.list': () => ({ jobs: [] }),
    'jobs.cancel': () => ({ cancelled: false }),
  };
  const handlers = { ...base, ...options.handlers } as Record<CallName, (input: unknown) => unknown>;

  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>> {
      if (latency) await sleep(latency);
      try {
        return { ok: true, data: (await handlers[name](input)) as CallOutput<N> };
      } catch (err) {
        return { ok: false, error: toErrorPayload(err as DatalakeError) };
      }
    },
    on: events.on,
    emit,
  };
}

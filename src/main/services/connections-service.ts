/**
 * Connections: the embedded default datalake in `<dataDir>/embedded` plus saved MongoDB connections.
 * Exactly one is active; other services borrow its Datalake through `acquire()`. Switching opens the new
 * one first (a failure leaves the old one active) and closes the old one once nobody borrows it any more.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CallInput, CallOutput, Connection } from '#shared/contract';
import { InvalidInputError, NotFoundError } from '#shared/errors';
import { DEFAULT_REGISTRY_GENERATION } from '#shared/registry-generation';
import { Datalake, probeMongo } from '../engine';
import {
  type ConnectionsFile,
  connectionsFilePath,
  EMBEDDED_ID,
  readConnectionsFile,
  type SavedConnection,
  writeConnectionsFile,
} from './connections-file';
import {
  checkMongoUri,
  joinPassword,
  PASSWORD_PLACEHOLDER,
  redactMongoUri,
  splitPassword,
} from './mongo-uri';
import type { SecretStore } from './secret-store';
import type { Emit } from './sessions';

export interface ConnectionsOptions {
  dataDir: string;
  secrets: SecretStore;
  emit: Emit;
  /** How long opening a MongoDB connection may wait for its server (ms). */
  openTimeoutMs?: number;
}

/** A borrowed Datalake; call `release()` when done so a switched-away datalake can close. */
export interface Lease {
  datalake: Datalake;
  connection: Connection;
  /** Aborted when this datalake is switched away from, edited or closed: long work on it should stop. */
  retired: AbortSignal;
  release(): void;
}

interface OpenLake {
  connection: Connection;
  datalake: Datalake;
  leases: number;
  retired: boolean;
  retirement: AbortController;
}

export class ConnectionsService {
  private file: ConnectionsFile = { version: 1, activeId: EMBEDDED_ID, connections: [] };
  private current: OpenLake | undefined;
  private readonly retiring = new Set<Promise<void>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly filePath: string;
  private closed = false;
  readonly embeddedPath: string;

  constructor(private readonly options: ConnectionsOptions) {
    this.filePath = connectionsFilePath(options.dataDir);
    this.embeddedPath = join(options.dataDir, 'embedded');
  }

  /** Reads connections.json and makes sure the embedded datalake exists (it is opened when active). */
  async init(): Promise<void> {
    await mkdir(join(this.embeddedPath, 'registry'), { recursive: true });
    this.file = await readConnectionsFile(this.filePath);
    if (!this.find(this.file.activeId)) this.file.activeId = EMBEDDED_ID;
    if (this.file.activeId === EMBEDDED_ID) {
      // A failure here must not stop the app from starting: the next call reports it (and retries).
      await this.serial(() => this.openActive()).catch((err) =>
        console.error('Opening the embedded datalake failed:', err),
      );
    }
  }

  list(): CallOutput<'connections.list'> {
    return {
      connections: [this.embedded(), ...this.file.connections.map((c) => this.toConnection(c))],
      activeId: this.file.activeId,
    };
  }

  activeConnection(): Connection {
    return this.get(this.file.activeId);
  }

  get(id: string): Connection {
    if (id === EMBEDDED_ID) return this.embedded();
    const saved = this.find(id);
    if (!saved) throw new NotFoundError(`No connection with id "${id}"`, { id });
    return this.toConnection(saved);
  }

  add(input: CallInput<'connections.add'>): Promise<Connection> {
    return this.serial(async () => {
      checkMongoUri(input.uri);
      const { uri, password } = splitPassword(input.uri.trim());
      if (password === PASSWORD_PLACEHOLDER) {
        throw new InvalidInputError(
          'The password "***" is the placeholder for a saved password: type the real one',
          {
            field: 'uri',
          },
        );
      }
      const saved: SavedConnection = {
        id: randomUUID(),
        name: input.name.trim(),
        kind: 'mongodb',
        uri,
        dbName: input.dbName.trim(),
        timestamps: input.timestamps ?? 'utc',
        ...(input.registryGeneration ? { registryGeneration: input.registryGeneration } : {}),
        hasPassword: password !== undefined,
      };
      if (password !== undefined) await this.options.secrets.set(secretKey(saved.id), password);
      this.file.connections.push(saved);
      await this.save();
      return this.toConnection(saved);
    });
  }

  update(input: CallInput<'connections.update'>): Promise<Connection> {
    return this.serial(async () => {
      if (input.id === EMBEDDED_ID)
        throw new InvalidInputError('The embedded datalake cannot be edited', { id: input.id });
      const saved = this.find(input.id);
      if (!saved) throw new NotFoundError(`No connection with id "${input.id}"`, { id: input.id });
      const next: SavedConnection = { ...saved };
      if (input.name !== undefined) next.name = input.name.trim();
      if (input.dbName !== undefined) next.dbName = input.dbName.trim();
      if (input.timestamps !== undefined) next.timestamps = input.timestamps;
      if (input.registryGeneration !== undefined) next.registryGeneration = input.registryGeneration;
      if (input.uri !== undefined) {
        checkMongoUri(input.uri);
        const { uri, password } = splitPassword(input.uri.trim());
        next.uri = uri;
        if (password === PASSWORD_PLACEHOLDER) {
          next.hasPassword = saved.hasPassword;
        } else if (password === undefined) {
          next.hasPassword = false;
          await this.options.secrets.delete(secretKey(saved.id));
        } else {
          next.hasPassword = true;
          await this.options.secrets.set(secretKey(saved.id), password);
        }
      }
      Object.assign(saved, next);
      await this.save();
      // The active datalake was opened with the old settings: reopen it on next use.
      if (this.current?.connection.id === saved.id) {
        this.retire(this.current);
        this.current = undefined;
      }
      return this.toConnection(saved);
    });
  }

  delete(id: string): Promise<CallOutput<'connections.delete'>> {
    return this.serial(async () => {
      if (id === EMBEDDED_ID) throw new InvalidInputError('The embedded datalake cannot be deleted', { id });
      const index = this.file.connections.findIndex((c) => c.id === id);
      if (index < 0) throw new NotFoundError(`No connection with id "${id}"`, { id });
      this.file.connections.splice(index, 1);
      await this.options.secrets.delete(secretKey(id));
      const wasActive = this.file.activeId === id;
      if (wasActive) {
        this.file.activeId = EMBEDDED_ID;
        if (this.current) this.retire(this.current);
        this.current = undefined;
      }
      await this.save();
      if (wasActive) {
        await this.openActive().catch((err) => console.error('Opening the embedded datalake failed:', err));
        this.options.emit('connections.changed', { activeId: EMBEDDED_ID });
      }
      return { deleted: true, activeId: this.file.activeId };
    });
  }

  async test(input: CallInput<'connections.test'>): Promise<CallOutput<'connections.test'>> {
    if (input.id === EMBEDDED_ID) return this.testEmbedded();
    const saved = input.id === undefined ? undefined : this.find(input.id);
    if (input.id !== undefined && !saved)
      throw new NotFoundError(`No connection with id "${input.id}"`, { id: input.id });
    const dbName = input.dbName ?? saved?.dbName;
    const savedPassword = saved?.hasPassword
      ? await this.options.secrets.get(secretKey(saved.id))
      : undefined;
    let uri: string | undefined;
    if (input.uri !== undefined) {
      // Same rule as `update`: `***` stands for the saved password; no password means none.
      const split = splitPassword(input.uri);
      uri = split.password === PASSWORD_PLACEHOLDER ? joinPassword(split.uri, savedPassword) : input.uri;
    } else if (saved) {
      uri = joinPassword(saved.uri, savedPassword);
    }
    if (uri === undefined || dbName === undefined) {
      throw new InvalidInputError('Give a connection id, or a uri and a dbName');
    }
    try {
      checkMongoUri(uri);
    } catch (err) {
      return { ok: false, message: (err as Error).message, latencyMs: 0 };
    }
    return probeMongo(uri, dbName, input.timeoutMs);
  }

  activate(id: string): Promise<Connection> {
    return this.serial(async () => {
      const connection = this.get(id);
      if (this.current?.connection.id === id && this.file.activeId === id) return connection;
      const datalake = await this.open(connection);
      if (this.current) this.retire(this.current);
      this.current = { connection, datalake, leases: 0, retired: false, retirement: new AbortController() };
      this.file.activeId = id;
      await this.save();
      this.options.emit('connections.changed', { activeId: id });
      return connection;
    });
  }

  /** Borrows the active Datalake, opening it if needed (StoreUnavailableError when its server is down). */
  acquire(): Promise<Lease> {
    return this.serial(async () => {
      const lake = await this.openActive();
      lake.leases++;
      let released = false;
      return {
        datalake: lake.datalake,
        connection: lake.connection,
        retired: lake.retirement.signal,
        release: () => {
          if (released) return;
          released = true;
          lake.leases--;
          if (lake.retired && lake.leases === 0) this.closeLake(lake);
        },
      };
    });
  }

  /** Runs `fn` with the active Datalake and releases it afterwards. */
  async withDatalake<T>(fn: (datalake: Datalake, connection: Connection) => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      return await fn(lease.datalake, lease.connection);
    } finally {
      lease.release();
    }
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      this.closed = true;
      if (this.current) this.retire(this.current, true);
      this.current = undefined;
    });
    await Promise.all(this.retiring);
  }

  private async openActive(): Promise<OpenLake> {
    if (this.closed) throw new InvalidInputError('The connections service is closed');
    if (this.current && this.current.connection.id === this.file.activeId) return this.current;
    const connection = this.activeConnection();
    const datalake = await this.open(connection);
    this.current = { connection, datalake, leases: 0, retired: false, retirement: new AbortController() };
    return this.current;
  }

  private async open(connection: Connection): Promise<Datalake> {
    if (connection.kind === 'embedded') return Datalake.open({ embeddedPath: this.embeddedPath });
    const saved = this.find(connection.id);
    if (!saved) throw new NotFoundError(`No connection with id "${connection.id}"`, { id: connection.id });
    const password = saved.hasPassword ? await this.options.secrets.get(secretKey(saved.id)) : undefined;
    return Datalake.open({
      mongoUri: joinPassword(saved.uri, password),
      dbName: saved.dbName,
      timestamps: saved.timestamps,
      timeoutMs: this.options.openTimeoutMs ?? 10_000,
      // New registries (the connection's local one included) get the chosen layout; existing ones keep theirs.
      registries: { generation: { default: connection.registryGeneration } },
    });
  }

  /** Closes a switched-away datalake now, or when its last lease is released (`force` closes regardless). */
  private retire(lake: OpenLake, force = false): void {
    lake.retired = true;
    lake.retirement.abort();
    if (force || lake.leases === 0) this.closeLake(lake);
  }

  private closeLake(lake: OpenLake): void {
    const closing = lake.datalake
      .close()
      .catch((err) => console.error(`closing ${lake.connection.name} failed:`, err));
    this.retiring.add(closing);
    void closing.finally(() => this.retiring.delete(closing));
  }

  private embedded(): Connection {
    return {
      id: EMBEDDED_ID,
      name: 'Embedded datalake',
      kind: 'embedded',
      path: this.embeddedPath,
      registryUri: pathToFileURL(join(this.embeddedPath, 'registry')).href,
      registryGeneration: DEFAULT_REGISTRY_GENERATION,
      timestamps: 'utc',
      isDefault: true,
    };
  }

  private toConnection(saved: SavedConnection): Connection {
    return {
      id: saved.id,
      name: saved.name,
      kind: 'mongodb',
      uriRedacted: redactMongoUri(saved.uri, saved.hasPassword),
      dbName: saved.dbName,
      registryUri: pathToFileURL(join(this.options.dataDir, 'registries', saved.id)).href,
      registryGeneration: saved.registryGeneration ?? DEFAULT_REGISTRY_GENERATION,
      timestamps: saved.timestamps,
      isDefault: false,
    };
  }

  private find(id: string): SavedConnection | undefined {
    return this.file.connections.find((c) => c.id === id);
  }

  private async testEmbedded(): Promise<CallOutput<'connections.test'>> {
    const started = performance.now();
    await access(this.embeddedPath, constants.R_OK | constants.W_OK);
    const lake = this.current?.connection.id === EMBEDDED_ID ? this.current : undefined;
    const count = lake ? await lake.datalake.estimatedCount() : undefined;
    const latencyMs = Math.round(performance.now() - started);
    const holds = count === undefined ? '' : ` and holds ${count.toLocaleString('en-US')} datums`;
    return { ok: true, message: `The embedded datalake at ${this.embeddedPath} is ready${holds}`, latencyMs };
  }

  private save(): Promise<void> {
    return writeConnectionsFile(this.filePath, this.file);
  }

  /** One change at a time: list edits, opens and switches never interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => {});
    return next;
  }
}

function secretKey(id: string): string {
  return `connection:${id}:password`;
}

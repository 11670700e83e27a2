/**
 * The datalake engine's public object (spec §2). Plain Node code: tests, the web host and the
 * Electron main process all drive this same class.
 */

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DatumNotFoundError, InvalidInputError, PayloadTooLargeError, RegistryError } from '#shared/errors';
import type { QueryInput, QueryOptions, Row, TransposedResult } from '#shared/query/types';
import { BSON, type Document, ObjectId } from './bson';
import { mapLimited, toDatum } from './datums';
import { type DeleteResult, deleteDatums } from './delete-data';
import { checkPath, type DatumFilter, prepareFilter } from './filters';
import { isDatumId, lookupId, referenceId } from './ids';
import {
  type Ancestry,
  ancestors,
  type ChildPage,
  type ChildPageOptions,
  type ChildTypeGroup,
  childPage,
  childrenOfGroups,
  childTypeGroups,
  type LineageContext,
} from './lineage';
import { needsRegistry, toPayloadInput } from './payload';
import { executeQuery, type RowBatch } from './query/execute';
import { planQuery } from './query/plan';
import { openRegistry } from './registries';
import type { ObjectDescription, Verification } from './registries/describe';
import { assertStorablePayload } from './registries/materializers';
import type { Registry, RegistryObjectInfo, RegistryOptions, SaveItem } from './registries/registry';
import { openEmbeddedStore } from './stores/embedded';
import { openMongoStore } from './stores/mongo/mongo-store';
import type { CountProgress, Group, Store } from './stores/store';
import { type Clock, makeClock, type TimestampMode } from './timestamps';
import type { Datum, DatumDocument, DatumKeys } from './types';

export type { DatumFilter };

export interface OpenOptions {
  /** A MongoDB connection string; with `dbName`. */
  mongoUri?: string;
  dbName?: string;
  /** A folder for the embedded store (created if missing). */
  embeddedPath?: string;
  /** An already opened store (tests, tools). */
  store?: Store;
  /** `local-as-utc` for datalakes whose Python writers store naive local time as if it were UTC. */
  timestamps?: TimestampMode;
  /** Settings for registries (endpoint, credentials), applied to every registry URI of that scheme. */
  registries?: RegistryOptions;
  /** How long to wait for a MongoDB server (ms). */
  timeoutMs?: number;
}

export interface AddOptions {
  registryUri?: string;
  derivedFrom?: string | null;
}

export interface NewDatum extends AddOptions {
  data: unknown;
  metadata?: Record<string, unknown>;
  /**
   * A caller-chosen id (24 hex, e.g. `newDatumId()`), so that datums of one `addData` call can derive from
   * each other and land in the same insert; a fresh ObjectId otherwise. An id already stored is refused.
   */
  id?: string;
}

/** A fresh datum id for `NewDatum.id`. */
export function newDatumId(): string {
  return new ObjectId().toHexString();
}

export interface GetOptions {
  /** Load registry payloads into `data` (default true). */
  loadPayload?: boolean;
}

export interface CountByOptions {
  filter?: DatumFilter;
  signal?: AbortSignal;
  /** Datums looked at so far out of about `total` (null when the store cannot tell). */
  onProgress?: (progress: CountProgress) => void;
}

/** MongoDB's document limit; the embedded store keeps it so both stores accept the same datums. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
const ID_BATCH = 1000;
/** Registry payloads loaded at once by getData (each is a file or an HTTP GET). */
const PAYLOAD_LOADS = 16;
/** Parent ids per derivation query (100k ObjectIds stay far below MongoDB's 16 MB command limit). */
const LEVEL_CHUNK = 100_000;

export class Datalake {
  private readonly registries = new Map<string, Registry>();
  private writes = 0;

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly registryOptions: RegistryOptions,
  ) {}

  static async open(options: OpenOptions): Promise<Datalake> {
    const store = await openStore(options);
    return new Datalake(store, makeClock(options.timestamps ?? 'utc'), options.registries ?? {});
  }

  /**
   * Counts the writes made through this object (adds and deletes, failed ones included: they may have
   * written part of a batch). Anything computed from the datums is stale once this has changed.
   */
  get revision(): number {
    return this.writes;
  }

  /** The registry for a URI, cached per URI. */
  registry(uri: string): Registry {
    const cached = this.registries.get(uri);
    if (cached) return cached;
    const registry: Registry = openRegistry(uri, this.registryOptions);
    this.registries.set(uri, registry);
    return registry;
  }

  async addDatum(
    data: unknown,
    metadata: Record<string, unknown> = {},
    options: AddOptions = {},
  ): Promise<Datum> {
    const [datum] = await this.addData([{ data, metadata, ...options }]);
    return datum;
  }

  /**
   * Adds many datums with one insert per batch. Registry payloads are written first (their YAML is the
   * commit point); if the insert fails, the objects written for it are deleted again.
   */
  async addData(items: NewDatum[]): Promise<Datum[]> {
    const prepared = items.map((item) => this.prepare(item));
    if (prepared.length === 0) return [];
    const written: Array<{ registry: Registry; key: string }> = [];
    this.writes++;
    try {
      // Per registry, the objects go together (a local folder shares its flushes among them).
      const byRegistry = new Map<Registry, SaveItem[]>();
      for (const p of prepared) {
        if (!p.registryUri) continue;
        const registry = this.registry(p.registryUri);
        written.push({ registry, key: p.doc.registry_key! });
        const items = byRegistry.get(registry) ?? [];
        items.push({ key: p.doc.registry_key!, payload: toPayloadInput(p.data), metadata: p.doc.metadata });
        byRegistry.set(registry, items);
      }
      for (const [registry, items] of byRegistry) {
        if (items.length > 1 && registry.saveMany) await registry.saveMany(items);
        else for (const item of items) await registry.save(item.key, item.payload, item.metadata);
      }
      await this.store.insertMany(prepared.map((p) => p.doc));
    } catch (err) {
      await this.removeUnreferenced(written, prepared);
      throw err;
    }
    return prepared.map((p) => toDatum(p.doc, p.registryUri ? null : p.doc.data, this.clock));
  }

  /**
   * After a failed insert, deletes the registry objects whose document is not in the store. An insert can
   * fail part-way (or fail after the server applied it), so each document is looked up first; when even
   * that fails, the objects stay: an orphan object is harmless, a datum without its object is not.
   */
  private async removeUnreferenced(
    written: Array<{ registry: Registry; key: string }>,
    prepared: Array<{ doc: DatumDocument }>,
  ): Promise<void> {
    if (written.length === 0) return;
    const stored = new Set<string>();
    try {
      const ids = prepared.filter((p) => p.doc.registry_key).map((p) => p.doc._id);
      for await (const batch of this.store.findKeys({ filter: { _id: { $in: ids } } })) {
        for (const k of batch) stored.add(k.id);
      }
    } catch {
      return;
    }
    const keyOwner = new Map(prepared.map((p) => [p.doc.registry_key, p.doc._id.toHexString()]));
    await Promise.all(
      written
        .filter(({ key }) => !stored.has(keyOwner.get(key)!))
        .map(({ registry, key }) => registry.delete(key).catch(() => {})),
    );
  }

  private prepare(item: NewDatum): { doc: DatumDocument; data: unknown; registryUri?: string } {
    const metadata = item.metadata ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new InvalidInputError(`metadata must be an object, got ${JSON.stringify(metadata)}`);
    }
    const derived =
      item.derivedFrom === undefined || item.derivedFrom === null
        ? null
        : referenceId(item.derivedFrom, 'derivedFrom');
    const registryUri = item.registryUri || undefined;
    if (!registryUri && needsRegistry(item.data)) {
      throw new InvalidInputError('A file or stream payload needs a registryUri: it cannot be stored inline');
    }
    if (registryUri) assertStorablePayload(item.data); // before any object of the batch is written
    const doc: DatumDocument = {
      _id: item.id === undefined ? new ObjectId() : referenceId(item.id, 'id'),
      data: registryUri ? null : item.data === undefined ? null : item.data,
      registry_uri: registryUri ?? null,
      registry_key: registryUri ? randomUUID() : null,
      derived_from: derived,
      metadata,
      added_at: this.clock.now(),
    };
    if (!registryUri) checkDocumentSize(doc);
    return { doc, data: item.data, registryUri };
  }

  async getDatum(id: string, options: GetOptions = {}): Promise<Datum> {
    const [datum] = await this.getData([id], options);
    return datum;
  }

  /** Datums in the order asked, one `$in` round trip per batch of ids. */
  async getData(ids: string[], options: GetOptions = {}): Promise<Datum[]> {
    if (ids.length === 0) return [];
    const malformed = ids.filter((id) => !isDatumId(id)).map((id) => String(id));
    if (malformed.length > 0) {
      throw new DatumNotFoundError(`Datum not found: ${malformed.join(', ')} (not datum ids)`, {
        ids: malformed,
      });
    }
    const oids = ids.map(lookupId);
    const found = new Map<string, DatumDocument>();
    for (let i = 0; i < oids.length; i += ID_BATCH) {
      const chunk = oids.slice(i, i + ID_BATCH);
      for await (const batch of this.store.findDocuments({ filter: {}, idIn: chunk, batchSize: ID_BATCH })) {
        for (const doc of batch) found.set(doc._id.toHexString(), doc);
      }
    }
    const missing = oids.map((o) => o.toHexString()).filter((h) => !found.has(h));
    if (missing.length > 0) {
      throw new DatumNotFoundError(`Datum not found: ${missing.join(', ')}`, { ids: missing });
    }
    const load = options.loadPayload ?? true;
    return mapLimited(oids, PAYLOAD_LOADS, async (o) => {
      const doc = found.get(o.toHexString())!;
      const data = load && doc.registry_uri ? await this.loadPayload(doc) : doc.data;
      return toDatum(doc, data, this.clock);
    });
  }

  private async loadPayload(doc: DatumDocument): Promise<unknown> {
    try {
      return await this.registry(doc.registry_uri!).load(doc.registry_key!);
    } catch (err) {
      if (err instanceof RegistryError) throw err;
      throw new RegistryError(
        `Cannot load the payload of datum ${doc._id.toHexString()} from ${doc.registry_uri} (key ${doc.registry_key}): ${(err as Error).message}`,
        { id: doc._id.toHexString(), registryUri: doc.registry_uri, registryKey: doc.registry_key },
        { cause: err },
      );
    }
  }

  /** Datums by id in the order asked, `null` where an id names no datum; registry payloads stay unloaded. */
  async findData(ids: string[]): Promise<Array<Datum | null>> {
    const malformed = ids.filter((id) => !isDatumId(id)).map((id) => String(id));
    if (malformed.length > 0) {
      throw new InvalidInputError(`Not datum ids: ${malformed.join(', ')}`, { ids: malformed });
    }
    const oids = ids.map(lookupId);
    const found = new Map<string, DatumDocument>();
    for (let i = 0; i < oids.length; i += ID_BATCH) {
      const chunk = oids.slice(i, i + ID_BATCH);
      for await (const batch of this.store.findDocuments({ filter: {}, idIn: chunk, batchSize: ID_BATCH })) {
        for (const doc of batch) found.set(doc._id.toHexString(), doc);
      }
    }
    return oids.map((o) => {
      const doc = found.get(o.toHexString());
      return doc ? toDatum(doc, doc.data, this.clock) : null;
    });
  }

  /**
   * Datums whose string value at `path` (under `data.` or `metadata.`, plain field names) is one of
   * `values`, registry payloads not loaded, in no particular order. Served by an index on that path
   * which the store creates on first use, so a lookup never reads every datum: duplicate checks by
   * `data.sha256`, the datums of an ingestion batch by `metadata.ingest_batch`.
   */
  async findByValues(path: string, values: string[]): Promise<Datum[]> {
    checkValuePath(path);
    const wanted = new Set(values.filter((v) => typeof v === 'string'));
    if (wanted.size === 0) return [];
    const parts = path.split('.');
    const out: Datum[] = [];
    const seen = new Set<string>();
    for await (const batch of this.store.findByValues(path, [...wanted])) {
      for (const doc of batch) {
        const id = doc._id.toHexString();
        // Both stores answer exactly the same: a string stored right at the path, not inside an array.
        const value = valueAt(doc as unknown as Record<string, unknown>, parts);
        if (typeof value !== 'string' || !wanted.has(value) || seen.has(id)) continue;
        seen.add(id);
        out.push(toDatum(doc, doc.data, this.clock));
      }
    }
    return out;
  }

  /** Children of many parents in one query per 100k parents (keys only), optionally filtered, oldest first. */
  async childKeys(parentIds: string[], filter: Record<string, unknown> = {}): Promise<DatumKeys[]> {
    const parents = [...new Set(parentIds.map((id) => lookupId(id).toHexString()))];
    const stages = planQuery([{ column: 'child', ...filter }]); // validates and revives Extended JSON
    const out: DatumKeys[] = [];
    for (let i = 0; i < parents.length; i += LEVEL_CHUNK) {
      for await (const batch of this.store.findKeys({
        filter: stages[0].filter,
        parentIn: parents.slice(i, i + LEVEL_CHUNK),
        sort: 'earliest',
        batchSize: 50_000,
      })) {
        for (const k of batch) out.push(k);
      }
    }
    return out;
  }

  /** A registry datum's payload: files, sizes, kind and header facts, without loading it. */
  describePayload(datum: Pick<Datum, 'registryUri' | 'registryKey'>): Promise<ObjectDescription> {
    return this.registry(registryUriOf(datum)).describe(datum.registryKey!);
  }

  /** Reads every byte of a registry datum's payload through its hash. */
  verifyPayload(datum: Pick<Datum, 'registryUri' | 'registryKey'>): Promise<Verification> {
    return this.registry(registryUriOf(datum)).verify(datum.registryKey!);
  }

  /** A registry datum's commit file: class, materializer, files, hash (one small read). */
  payloadInfo(datum: Pick<Datum, 'registryUri' | 'registryKey'>): Promise<RegistryObjectInfo> {
    return this.registry(registryUriOf(datum)).info(datum.registryKey!);
  }

  /** Streams one file of a registry datum's payload (single-file objects are checked against their hash). */
  openPayloadFile(
    datum: Pick<Datum, 'registryUri' | 'registryKey'>,
    file: string,
    info?: RegistryObjectInfo,
  ): Promise<Readable> {
    return this.registry(registryUriOf(datum)).openFile(datum.registryKey!, file, info);
  }

  /** Ids of the datums derived directly from `id`, oldest first. */
  async getDirectlyDerivedData(id: string): Promise<string[]> {
    const parent = lookupId(id);
    const ids: string[] = [];
    for await (const batch of this.store.findKeys({
      filter: {},
      parentIn: [parent.toHexString()],
      sort: 'earliest',
    })) {
      for (const k of batch) ids.push(k.id);
    }
    return ids;
  }

  /**
   * Every datum derived from `id`, breadth first: the root, then level by level, each id once
   * (cycle-safe). One `$in` query over the whole frontier per level.
   */
  async getIndirectlyDerivedData(id: string): Promise<string[]> {
    const root = lookupId(id);
    await this.getData([root.toHexString()], { loadPayload: false }); // unknown root → DatumNotFoundError
    const seen = new Set([root.toHexString()]);
    const order = [root.toHexString()];
    let frontier = [root.toHexString()];
    while (frontier.length > 0) {
      const next: string[] = [];
      // One query per level; a level wider than MongoDB's 16 MB command limit allows goes in chunks.
      for (let i = 0; i < frontier.length; i += LEVEL_CHUNK) {
        const parentIn = frontier.slice(i, i + LEVEL_CHUNK);
        for await (const batch of this.store.findKeys({
          filter: {},
          parentIn,
          sort: 'earliest',
          batchSize: 50_000,
        })) {
          for (const k of batch) {
            if (seen.has(k.id)) continue;
            seen.add(k.id);
            order.push(k.id);
            next.push(k.id);
          }
        }
      }
      frontier = next;
    }
    return order;
  }

  /** The datums and all their ancestors up to the roots: one round trip per level; dangling parents named. */
  ancestors(ids: string[]): Promise<Ancestry> {
    return ancestors(this.lineage(), ids);
  }

  /** The children of many parents counted per parent and per `data.type`, in one round trip. */
  childTypeGroups(parentIds: string[]): Promise<ChildTypeGroup[]> {
    return childTypeGroups(this.lineage(), parentIds);
  }

  /** Every child of the given (parent, `data.type`) groups, oldest first, in one round trip. */
  childrenOfGroups(groups: Array<{ parent: string; type: string | null }>): Promise<Datum[]> {
    return childrenOfGroups(this.lineage(), groups);
  }

  /** A page of one parent's children of one `data.type` (null: without one), with an optional search. */
  childPage(parent: string, type: string | null, options: ChildPageOptions = {}): Promise<ChildPage> {
    return childPage(this.lineage(), parent, type, options);
  }

  private lineage(): LineageContext {
    return { store: this.store, toDatum: (doc) => toDatum(doc, doc.data, this.clock) };
  }

  /** Runs a query (spec §3) and returns every row, or `{column: [ids]}` with `transpose`. */
  async queryData(
    query: QueryInput,
    options: QueryOptions & { signal?: AbortSignal } = {},
  ): Promise<Row[] | TransposedResult> {
    const rows: Row[] = [];
    for await (const batch of this.queryDataStream(query, options)) rows.push(...batch.rows);
    return options.transpose ? transpose(rows) : rows;
  }

  /**
   * The same query as a stream of row batches with the funnel counts, for the results grid. `maxBatch`
   * bounds the base rows per batch and keeps the reads paged, so memory stays flat (exports).
   */
  queryDataStream(
    query: QueryInput,
    options: QueryOptions & { signal?: AbortSignal; maxBatch?: number } = {},
  ): AsyncGenerator<RowBatch> {
    const stages = planQuery(query, options); // validation happens before any store access
    const { datumsWanted, signal, maxBatch } = options;
    return executeQuery(this.store, stages, { datumsWanted, signal, maxBatch });
  }

  /**
   * Deletes datums: their documents, then their registry objects (a datum never points to a missing
   * object). Ids it does not hold are reported, not an error; derived datums stay. One store round trip
   * per 1,000 ids.
   */
  async deleteData(ids: string[]): Promise<DeleteResult> {
    if (ids.length === 0) return { deleted: [], notFound: [], orphanedObjects: [] };
    this.writes++;
    return deleteDatums(this.store, (uri) => this.registry(uri), ids);
  }

  /** The number of datums from the store's own statistics or counter: instant, possibly approximate. */
  estimatedCount(): Promise<number> {
    return this.store.estimatedCount();
  }

  /** The exact number of datums matching a filter (all of them by default). */
  async count(filter: DatumFilter = {}): Promise<number> {
    return this.store.countDocuments(prepareFilter(filter));
  }

  /**
   * Datums grouped by the value at a dotted path (`data.type`), as MongoDB's `$group` on `"$path"` gives
   * them: missing and null together, arrays as whole values; biggest groups first. The embedded store
   * keeps counters for `data.type`, so that one comes at once without a filter.
   */
  async countBy(path: string, options: CountByOptions = {}): Promise<Group[]> {
    checkPath(path);
    return this.store.countBy(path, prepareFilter(options.filter ?? {}), {
      signal: options.signal,
      onProgress: options.onProgress,
    });
  }

  /** Up to `size` datums picked at random (matching `filter`), registry payloads not loaded. */
  async sample(size: number, options: { filter?: DatumFilter } = {}): Promise<Datum[]> {
    if (!Number.isInteger(size) || size < 0) {
      throw new InvalidInputError(`sample size must be a non-negative integer, got ${JSON.stringify(size)}`);
    }
    const docs = await this.store.sample(prepareFilter(options.filter ?? {}), size);
    return docs.map((doc) => toDatum(doc, doc.data, this.clock));
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

async function openStore(options: OpenOptions): Promise<Store> {
  if (options.store) return options.store;
  if (options.mongoUri) {
    if (!options.dbName) throw new InvalidInputError('dbName must be provided with mongoUri');
    return openMongoStore({ uri: options.mongoUri, dbName: options.dbName, timeoutMs: options.timeoutMs });
  }
  if (options.embeddedPath) return openEmbeddedStore(options.embeddedPath);
  throw new InvalidInputError('Datalake.open needs mongoUri and dbName, or embeddedPath');
}

const VALUE_PATH = /^(data|metadata)(\.[A-Za-z_][A-Za-z0-9_]*){1,6}$/;

function checkValuePath(path: string): void {
  if (typeof path !== 'string' || !VALUE_PATH.test(path)) {
    throw new InvalidInputError(
      `findByValues needs a path under data. or metadata. made of plain field names, got ${JSON.stringify(path)}`,
      { path },
    );
  }
}

function valueAt(doc: Record<string, unknown>, parts: string[]): unknown {
  let v: unknown = doc;
  for (const p of parts) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function registryUriOf(datum: Pick<Datum, 'registryUri' | 'registryKey'>): string {
  if (!datum.registryUri || !datum.registryKey) {
    throw new InvalidInputError('This datum keeps its data inline: it has no registry payload');
  }
  return datum.registryUri;
}

function checkDocumentSize(doc: DatumDocument): void {
  const size = BSON.calculateObjectSize(doc as unknown as Document);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new PayloadTooLargeError(
      `The datum is ${(size / 1024 / 1024).toFixed(1)} MB, over the 16 MB limit of a stored document; store its payload in a registry instead (registryUri)`,
      { size, limit: MAX_DOCUMENT_BYTES },
    );
  }
}

export function transpose(rows: Row[]): TransposedResult {
  const out: TransposedResult = {};
  for (const row of rows) {
    for (const [column, id] of Object.entries(row)) {
      if (!Object.hasOwn(out, column)) out[column] = [];
      out[column].push(id);
    }
  }
  return out;
}

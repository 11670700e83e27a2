/**
 * The MongoDB store: the official driver against any MongoDB-compatible server (MongoDB 5+, Atlas,
 * FerretDB). Only this file and its neighbours import the driver.
 */
import { Binary, type Collection, type Document, MongoClient, ObjectId, type Sort } from 'mongodb';
import { CancelledError, InvalidInputError, QueryValidationError } from '#shared/errors';
import { longsToBigInts, withInt64s } from '../../integers';
import type { DatumDocument, DatumKeys } from '../../types';
import type { ChildGroup, CountByOptions, DeletedDatum, Filter, FindSpec, Group, Store } from '../store';
import { countChildrenInMongo } from './child-counts';
import { storeUnavailable } from './errors';
import { allHostsRefuse } from './refusal-check';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  /** How long to wait for a server before giving up (ms). */
  timeoutMs?: number;
}

const COLLECTION = 'Datum';
const KEY_PROJECTION = { _id: 1, derived_from: 1, added_at: 1 } as const;

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      ignoreUndefined: true,
      appName: 'datalake-browser',
    });
    if (await allHostsRefuse(options.uri)) throw new Error('connect ECONNREFUSED');
    await client.connect();
    await client.db(options.dbName).command({ ping: 1 });
  } catch (err) {
    throw storeUnavailable(err, options.uri);
  }
  const collection = client.db(options.dbName).collection<DatumDocument>(COLLECTION);
  try {
    await ensureIndexes(collection);
  } catch (err) {
    await client.close().catch(() => {});
    throw storeUnavailable(err, options.uri);
  }
  return new MongoStore(client, collection, options.uri);
}

async function ensureIndexes(collection: Collection<DatumDocument>): Promise<void> {
  // The Python library creates exactly derived_from_1; the others make strategies and sorting fast.
  await collection.createIndex({ derived_from: 1 }, { name: 'derived_from_1' });
  for (const [keys, name] of [
    [{ derived_from: 1, added_at: -1 }, 'derived_from_1_added_at_-1'],
    [{ added_at: -1, _id: -1 }, 'added_at_-1__id_-1'],
  ] as const) {
    // Optional: a server that refuses a compound index still works, only slower.
    await collection.createIndex(keys, { name }).catch(() => {});
  }
}

class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  /** Paths whose value index this process has ensured (createIndex is idempotent, but a round trip). */
  private readonly valueIndexes = new Set<string>();

  constructor(
    private readonly client: MongoClient,
    private readonly collection: Collection<DatumDocument>,
    private readonly uri: string,
  ) {}

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (isConnectivityError(err)) throw storeUnavailable(err, this.uri);
      if ((err as { code?: number }).code === 11000) {
        // As the embedded store says it: a caller-chosen id that is already taken.
        const id = duplicateId(err);
        throw new InvalidInputError(`A datum with _id ${id ?? '(unknown)'} already exists`, { id });
      }
      if (isRefusedQuery(err)) {
        throw new QueryValidationError(`The server refused the query: ${(err as Error).message}`, {
          code: (err as { code?: number }).code,
        });
      }
      throw err;
    }
  }

  insertOne(doc: DatumDocument): Promise<void> {
    return this.guard(async () => {
      await this.collection.insertOne(toMongo(doc));
    });
  }

  insertMany(docs: DatumDocument[]): Promise<void> {
    if (docs.length === 0) return Promise.resolve();
    return this.guard(async () => {
      await this.collection.insertMany(docs.map(toMongo), { ordered: true });
    });
  }

  deleteMany(ids: ObjectId[]): Promise<DeletedDatum[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.guard(async () => {
      // The pointers first (there is no find-and-delete for many), then one delete of what was found.
      const found = await this.collection
        .find({ _id: { $in: ids } }, { projection: { _id: 1, registry_uri: 1, registry_key: 1 } })
        .toArray();
      if (found.length === 0) return [];
      await this.collection.deleteMany({ _id: { $in: found.map((d) => d._id) } });
      return found.map((d) => ({
        _id: d._id,
        registry_uri: d.registry_uri ?? null,
        registry_key: d.registry_key ?? null,
      }));
    });
  }

  findKeys(spec: FindSpec): AsyncIterable<DatumKeys[]> {
    return this.stream<DatumKeys>(spec, KEY_PROJECTION, (d) => ({
      id: d._id.toHexString(),
      parent: d.derived_from ? d.derived_from.toHexString() : null,
      addedAt: d.added_at.getTime(),
    }));
  }

  findDocuments(spec: FindSpec): AsyncIterable<DatumDocument[]> {
    return this.stream<DatumDocument>(spec, undefined, fromMongo);
  }

  countChildrenBy(parentIds: string[], path: string): Promise<ChildGroup[]> {
    return this.guard(() => countChildrenInMongo(this.collection, parentIds, path));
  }

  private async *stream<T>(
    spec: FindSpec,
    projection: Document | undefined,
    convert: (doc: DatumDocument) => T,
  ): AsyncIterable<T[]> {
    // A caller that reads everything gets big server batches (few getMores); others a quick first batch.
    const batchSize = spec.readAll ? (spec.maxBatchSize ?? spec.batchSize ?? 1000) : (spec.batchSize ?? 1000);
    const cursor = this.collection.find(toMongoFilter(spec), {
      projection,
      sort: toSort(spec.sort),
      limit: spec.limit,
      batchSize,
    });
    try {
      // Drain the driver's buffer a whole server batch at a time instead of one document per await.
      while (await this.guard(() => cursor.hasNext())) {
        yield cursor.readBufferedDocuments(batchSize).map(convert);
      }
    } finally {
      await cursor.close().catch(() => {});
    }
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.guard(() => this.collection.countDocuments(filter));
  }

  estimatedCount(): Promise<number> {
    return this.guard(() => this.collection.estimatedDocumentCount());
  }

  sample(filter: Filter, size: number): Promise<DatumDocument[]> {
    return this.guard(async () => {
      try {
        const docs = await this.collection
          .aggregate<DatumDocument>([{ $match: filter }, { $sample: { size } }])
          .toArray();
        return docs.map(fromMongo);
      } catch (err) {
        if (isConnectivityError(err)) throw err;
        // Servers without $sample: pick random ids client-side, then fetch those documents.
        const ids = (await this.collection.find(filter, { projection: { _id: 1 } }).toArray()).map(
          (d) => d._id,
        );
        const chosen = pickRandom(ids, size);
        const docs = await this.collection.find({ _id: { $in: chosen } }).toArray();
        return docs.map(fromMongo);
      }
    });
  }

  /**
   * One `$group` on the server. No index serves a grouped count in MongoDB, and the server reports no
   * progress for an aggregation: progress is reported at the start (total unknown) and at the end.
   */
  countBy(path: string, filter: Filter, options: CountByOptions = {}): Promise<Group[]> {
    return this.guard(async () => {
      options.onProgress?.({ done: 0, total: null });
      let groups: Array<{ _id: unknown; count: number }>;
      try {
        groups = await this.collection
          .aggregate<{ _id: unknown; count: number }>(
            [
              { $match: filter },
              { $group: { _id: `$${path}`, count: { $sum: 1 } } },
              { $sort: { count: -1 } },
            ],
            options.signal ? { signal: options.signal } : {},
          )
          .toArray();
      } catch (err) {
        if (options.signal?.aborted) throw new CancelledError('The count was cancelled', {}, { cause: err });
        throw err;
      }
      const total = groups.reduce((n, g) => n + g.count, 0);
      options.onProgress?.({ done: total, total });
      return groups.map((g) => ({ value: longsToBigInts(g._id ?? null), count: g.count }));
    });
  }

  async *findByValues(path: string, values: string[]): AsyncGenerator<DatumDocument[]> {
    if (values.length === 0) return;
    if (!this.valueIndexes.has(path)) {
      // Named as MongoDB names it by default, so a second app (or the shell) creating it agrees.
      await this.guard(() => this.collection.createIndex({ [path]: 1 }, { name: `${path}_1` }));
      this.valueIndexes.add(path);
    }
    for (let i = 0; i < values.length; i += VALUES_PER_FIND) {
      const chunk = values.slice(i, i + VALUES_PER_FIND);
      for await (const batch of this.stream<DatumDocument>(
        { filter: { [path]: { $in: chunk } }, batchSize: VALUES_PER_FIND, readAll: true },
        undefined,
        fromMongo,
      )) {
        yield batch;
      }
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Values per `$in` lookup (well below the 16 MB command limit for any id-sized string). */
const VALUES_PER_FIND = 1000;

function toMongoFilter(spec: FindSpec): Filter {
  const extra: Filter = {};
  if (spec.parentIn) extra.derived_from = { $in: spec.parentIn.map((h) => ObjectId.createFromHexString(h)) };
  if (spec.idIn) extra._id = { $in: spec.idIn };
  const keys = Object.keys(extra);
  if (keys.length === 0) return spec.filter;
  // A user filter on the same field must not be overwritten: AND them instead of merging.
  return keys.some((k) => k in spec.filter) ? { $and: [spec.filter, extra] } : { ...spec.filter, ...extra };
}

function toSort(sort: FindSpec['sort']): Sort | undefined {
  if (sort === 'latest') return { added_at: -1, _id: -1 };
  if (sort === 'earliest') return { added_at: 1, _id: 1 };
  return undefined;
}

/**
 * Integers outside int32 go out as int64, as PyMongo writes them (the driver alone would write doubles).
 * The copy shares `_id`, so the driver does not assign a new one.
 */
function toMongo(doc: DatumDocument): DatumDocument {
  const data = withInt64s(doc.data, 'data');
  const metadata = withInt64s(doc.metadata, 'metadata') as DatumDocument['metadata'];
  return data === doc.data && metadata === doc.metadata ? doc : { ...doc, data, metadata };
}

/**
 * Binary payloads become Buffers and int64 beyond ±2^53 a bigint, so both stores hand the engine the
 * same types.
 */
function fromMongo(doc: DatumDocument): DatumDocument {
  if (doc.data instanceof Binary) doc.data = Buffer.from(doc.data.buffer);
  else doc.data = longsToBigInts(doc.data);
  longsToBigInts(doc.metadata);
  return doc;
}

function pickRandom<T>(items: T[], size: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

/** BadValue, FailedToParse, InvalidPipelineOperator and the like: the filter, not the server, is at fault. */
function isRefusedQuery(err: unknown): boolean {
  const e = err as { name?: string; code?: number };
  return e?.name === 'MongoServerError' && [2, 9, 14, 168, 15998, 16020].includes(e.code ?? -1);
}

/** The _id of a duplicate key error: from the failed operation (bulk writes), the key value, or the text. */
function duplicateId(err: unknown): string | undefined {
  const e = err as {
    writeErrors?: Array<{ getOperation?: () => { _id?: unknown } }>;
    keyValue?: { _id?: unknown };
    message?: string;
  };
  const id = e.writeErrors?.[0]?.getOperation?.()?._id ?? e.keyValue?._id;
  if (id instanceof ObjectId) return id.toHexString();
  return /([0-9a-f]{24})/.exec(e.message ?? '')?.[1];
}

function isConnectivityError(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoTopologyClosedError|MongoNotConnectedError/.test(
    name,
  );
}

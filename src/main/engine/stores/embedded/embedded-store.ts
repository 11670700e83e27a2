/**
 * The embedded store (spec §5): a folder on disk holding a PGlite database, no server. Filters run in two
 * steps: an indexed SQL prefilter that may let extra rows through (prefilter.ts), then the exact
 * MongoDB-semantics matcher (matcher.ts) on the decoded documents. Reads page through the table with
 * keyset pagination, so the first batch comes quickly and memory stays bounded.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ObjectId } from 'bson';
import { CancelledError, InvalidInputError, StoreUnavailableError } from '#shared/errors';
import type { DatumDocument, DatumKeys } from '../../types';
import type { ChildGroup, CountByOptions, DeletedDatum, Filter, FindSpec, Group, Store } from '../store';
import { countChildrenInSql } from './child-counts';
import { decodeDocument, type EncodeFlags, toReturned } from './codec';
import { countByInJs, countBySql, Groups } from './count-by';
import { type DocColumn, type Plan, planFind } from './find-plan';
import { acquireFolderLock, type FolderLock, LOCK_FILE } from './folder-lock';
import { MAX_PAGE, readPages } from './pages';
import {
  COUNTED_PATHS,
  COUNTERS_SQL,
  CounterDeltas,
  markEmptyCounted,
  readCountedPaths,
  readCounters,
  writeCounters,
} from './path-counts';
import { encodeRow, hex, type Row } from './rows';
import { sampleDocuments } from './sample';
import {
  readMeta,
  SCHEMA_SQL,
  SCHEMA_VERSION,
  SESSION_SQL,
  serializeFlags,
  typeOrderUnanalyzed,
  writeFlags,
} from './schema';
import { createIndexSql, lookupSql, VALUES_PER_STATEMENT, valueIndex } from './value-index';
import { WriteGate } from './write-gate';

/** Rows per INSERT statement (one statement per batch is ~45x faster than one per row). */
const INSERT_CHUNK = 5000;
const DEFAULT_BATCH = 1000;
/** Rows per statement of a long grouping (each chunk reports progress and checks for cancellation). */
const COUNT_CHUNK = 50_000;
/** Planner statistics are refreshed when this share of the rows is new (PGlite runs no autovacuum). */
const STALE_SHARE = 0.2;
export const DATA_DIR = 'pgdata';

export interface EmbeddedStoreOptions {
  /** Rows per statement of a long grouping (tests make it small to cross many chunks). */
  countChunk?: number;
}

/** Opens (creating if needed) the embedded store in `folder`. */
export async function openEmbeddedStore(folder: string, options: EmbeddedStoreOptions = {}): Promise<Store> {
  let dir = resolve(folder);
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    dir = realpathSync(dir); // one lock per folder, however it is spelled
  } catch (err) {
    const reason = (err as Error).message;
    throw new StoreUnavailableError(`The embedded store folder ${dir} is not usable: ${reason}`, {
      folder: dir,
    });
  }
  const lock = acquireFolderLock(dir, join(dir, LOCK_FILE));
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(join(dir, DATA_DIR), { startParams: startParams() });
    await db.exec(SCHEMA_SQL);
    await db.exec(COUNTERS_SQL);
    await db.exec(SESSION_SQL);
    const meta = await readMeta(db);
    if (meta.schema > SCHEMA_VERSION) {
      throw new Error(`it was written by a newer version of this app (schema ${meta.schema})`);
    }
    let counted = await readCountedPaths(db);
    if (meta.count === 0) counted = await markEmptyCounted(db, counted);
    const store = new EmbeddedStore(db, lock, dir, meta.count, meta.flags, counted);
    if (options.countChunk) store.countChunk = Math.max(1, Math.floor(options.countChunk));
    // `datum_type_order` needs statistics on its expression (pages.ts, typeOrderedPage).
    await store.maintainIfStale(await typeOrderUnanalyzed(db));
    return store;
  } catch (err) {
    await db?.close().catch(() => {});
    lock.release();
    if (err instanceof StoreUnavailableError) throw err;
    const reason = (err as Error).message;
    throw new StoreUnavailableError(`The embedded store ${dir} could not be opened: ${reason}`, {
      folder: dir,
    });
  }
}

/**
 * PGlite's own start parameters, with fsync back on (PGlite turns it off with -F: a killed process loses
 * nothing either way, but a power cut could) and the WAL capped for a desktop disk (1 GB by default).
 */
function startParams(): string[] | undefined {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  if (!Array.isArray(defaults)) return undefined;
  return [...defaults.filter((p) => p !== '-F'), '-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB'];
}

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private closed = false;
  /** Rows inserted or deleted since the planner statistics were last refreshed. */
  private changedSinceAnalyze = 0;
  /** Paths whose value index exists (created by this process or found by CREATE INDEX IF NOT EXISTS). */
  private readonly valueIndexes = new Set<string>();
  private readonly gate = new WriteGate();
  countChunk = COUNT_CHUNK;

  constructor(
    private readonly db: PGlite,
    private readonly lock: FolderLock,
    private readonly folder: string,
    private count: number,
    private flags: EncodeFlags,
    /** The paths whose per-value counters (path-counts.ts) are complete and kept by every write. */
    private readonly counted: Set<string>,
  ) {}

  private live(): PGlite {
    if (this.closed)
      throw new StoreUnavailableError(`The embedded store ${this.folder} is closed`, { folder: this.folder });
    return this.db;
  }

  insertOne(doc: DatumDocument): Promise<void> {
    return this.insertMany([doc]);
  }

  insertMany(docs: DatumDocument[]): Promise<void> {
    this.live();
    if (docs.length === 0) return Promise.resolve();
    return this.gate.write(() => this.insertRows(docs));
  }

  private async insertRows(docs: DatumDocument[]): Promise<void> {
    const db = this.live();
    const flags = { ...this.flags, arrayPaths: this.flags.arrayPaths && new Set(this.flags.arrayPaths) };
    const rows = docs.map((d) => encodeRow(d, flags));
    const flagsChanged = serializeFlags(flags) !== serializeFlags(this.flags);
    const deltas = new CounterDeltas(this.counted);
    for (const doc of docs) deltas.add(doc, 1);
    try {
      await db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await tx.query(
            `INSERT INTO datum (id, derived_from, added_at, doc)
             SELECT e->>'i', e->>'p', (e->>'t')::bigint, e->'d'
             FROM json_array_elements($1::json) WITH ORDINALITY AS x(e, n) ORDER BY n`,
            [`[${rows.slice(i, i + INSERT_CHUNK).join(',')}]`],
          );
        }
        await deltas.applyWithCount(tx, rows.length);
        if (flagsChanged) await writeFlags(tx, flags);
      });
    } catch (err) {
      const e = err as { code?: string; detail?: string; message: string };
      if (e.code === '23505') {
        const id = /\(id\)=\(([0-9a-f]{24})\)/.exec(e.detail ?? '')?.[1];
        throw new InvalidInputError(`A datum with _id ${id ?? '(unknown)'} already exists`, { id });
      }
      throw err;
    }
    this.count += rows.length;
    this.flags = flags;
    this.changedSinceAnalyze += rows.length;
    await this.maintainIfStale();
  }

  /**
   * Keeps the planner informed (without statistics it walks the added_at index for rare values) and
   * flushes the GIN index's pending list, which every search would otherwise scan. PGlite has no
   * autovacuum, so the store does this itself after enough changes, and at open if needed.
   */
  async maintainIfStale(force = false): Promise<void> {
    const db = this.live();
    if (force) {
      if (this.count === 0) return;
    } else if (this.changedSinceAnalyze === 0) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'datum'`,
      );
      const known = Number(rows[0]?.n ?? -1);
      if (this.count < 1000 || (known >= 0 && Math.abs(known - this.count) <= this.count * STALE_SHARE))
        return;
    } else if (this.changedSinceAnalyze < Math.max(1000, this.count * STALE_SHARE)) {
      return;
    }
    this.changedSinceAnalyze = 0;
    await db.exec(`ANALYZE datum; SELECT gin_clean_pending_list('datum_body'::regclass);`);
  }

  deleteMany(ids: ObjectId[]): Promise<DeletedDatum[]> {
    this.live();
    if (ids.length === 0) return Promise.resolve([]);
    return this.gate.write(async () => {
      const deleted = await this.live().transaction(async (tx) => {
        const res = await tx.query<{ doc: unknown }>(
          'DELETE FROM datum WHERE id = ANY($1::text[]) RETURNING doc',
          [ids.map(hex)],
        );
        if (res.rows.length === 0) return [];
        const deltas = new CounterDeltas(this.counted);
        const out: DeletedDatum[] = [];
        for (const row of res.rows) {
          const { doc } = decodeDocument(row.doc);
          deltas.add(doc, -1);
          out.push({
            _id: doc._id as ObjectId,
            registry_uri: (doc.registry_uri as string | null) ?? null,
            registry_key: (doc.registry_key as string | null) ?? null,
          });
        }
        await deltas.applyWithCount(tx, -res.rows.length);
        return out;
      });
      this.count -= deleted.length;
      this.changedSinceAnalyze += deleted.length;
      return deleted;
    });
  }

  findKeys(spec: FindSpec): AsyncIterable<DatumKeys[]> {
    return this.find(spec, (row) => ({
      id: row.id,
      parent: row.derived_from,
      addedAt: Number(row.added_at),
    }));
  }

  findDocuments(spec: FindSpec): AsyncIterable<DatumDocument[]> {
    return this.find(spec, null);
  }

  countChildrenBy(parentIds: string[], path: string): Promise<ChildGroup[]> {
    return countChildrenInSql(this.live(), parentIds, path, this.flags);
  }

  /** Streams matches in batches; `toKeys` null means whole documents. */
  private async *find<T>(spec: FindSpec, toKeys: ((row: Row) => T) | null): AsyncGenerator<T[]> {
    const plan = this.plan(spec.filter, spec);
    if (!plan) return;
    const batchSize = Math.max(1, spec.batchSize ?? DEFAULT_BATCH);
    const growTo = Math.max(batchSize, spec.maxBatchSize ?? batchSize);
    const limit = spec.limit && spec.limit > 0 ? Math.abs(spec.limit) : Number.POSITIVE_INFINITY;
    let found = 0;
    const doc: DocColumn = toKeys === null ? 'full' : plan.exact ? 'none' : (plan.fields ?? 'full');
    const whole = spec.readAll === true && plan.exact && doc === 'none' && !Number.isFinite(limit);
    let slice = batchSize;
    for await (const page of this.pages(plan, spec.sort, doc, batchSize, limit, true, growTo, whole)) {
      const out: T[] = [];
      for (const row of page) {
        if (found >= limit) break;
        if (toKeys && plan.exact) {
          out.push(toKeys(row));
          found++;
          continue;
        }
        const decoded = decodeDocument(row.doc);
        if (plan.matcher && !plan.matcher(decoded.doc)) continue;
        out.push(toKeys ? toKeys(row) : (toReturned(decoded) as unknown as T));
        found++;
      }
      if (whole) {
        // One statement read everything; hand it on in growing slices, so the first rows go out first.
        for (let i = 0; i < out.length; i += slice, slice = Math.min(growTo, slice * 4))
          yield out.slice(i, i + slice);
        continue;
      }
      const size = Math.max(batchSize, Math.min(growTo, out.length));
      for (let i = 0; i < out.length; i += size) yield out.slice(i, i + size);
      if (found >= limit) return;
    }
  }

  /** The SQL condition and matcher for a filter plus the spec's id restrictions; null if nothing can match. */
  private plan(filter: Filter, spec: Pick<FindSpec, 'parentIn' | 'idIn'> = {}): Plan | null {
    return planFind(filter, spec, this.flags);
  }

  private pages(
    plan: Plan,
    sort: FindSpec['sort'],
    doc: DocColumn,
    batchSize: number,
    limit: number,
    quickFirst = true,
    growTo = batchSize,
    whole = false,
  ): AsyncGenerator<Row[]> {
    return readPages(() => this.live(), { plan, sort, doc, batchSize, limit, quickFirst, growTo, whole });
  }

  async countDocuments(filter: Filter): Promise<number> {
    const plan = this.plan(filter);
    if (!plan) return 0;
    if (plan.exact) {
      const { rows } = await this.live().query<{ n: number }>(
        `SELECT count(*)::float8 AS n FROM ${plan.from} WHERE ${plan.where}`,
        plan.params,
      );
      return Number(rows[0].n);
    }
    let n = 0;
    const doc = plan.fields ?? 'full';
    for await (const page of this.pages(plan, undefined, doc, MAX_PAGE, Number.POSITIVE_INFINITY, false)) {
      for (const row of page) if (plan.matcher!(decodeDocument(row.doc).doc)) n++;
    }
    return n;
  }

  async estimatedCount(): Promise<number> {
    this.live();
    return this.count;
  }

  async sample(filter: Filter, size: number): Promise<DatumDocument[]> {
    const plan = this.plan(filter);
    if (!plan || size <= 0) return [];
    return sampleDocuments(this.live(), plan, size, this.count);
  }

  /**
   * Counted paths without a filter read their counters (built once, on first use, for a store written
   * before they existed); anything else groups the matching rows, chunk by chunk of `seq`.
   */
  async countBy(path: string, filter: Filter, options: CountByOptions = {}): Promise<Group[]> {
    const plan = this.plan(filter);
    if (!plan) return [];
    if (!COUNTED_PATHS.includes(path) || plan.conditional || !plan.exact)
      return this.groupRows(path, plan, options);
    if (!this.counted.has(path)) await this.buildCounters(path, plan, options);
    const groups = await readCounters(this.live(), path);
    const total = groups.reduce((n, g) => n + g.count, 0);
    options.onProgress?.({ done: total, total });
    return groups;
  }

  private buildCounters(path: string, plan: Plan, options: CountByOptions): Promise<void> {
    return this.gate.exclusive(async () => {
      if (this.counted.has(path)) return;
      const groups = await this.groupRows(path, plan, options);
      await this.live().transaction((tx) => writeCounters(tx, path, groups, this.counted));
      this.counted.add(path);
    });
  }

  /** Groups the rows of a plan one `seq` range at a time, reporting progress between ranges. */
  private async groupRows(path: string, plan: Plan, options: CountByOptions): Promise<Group[]> {
    const db = this.live();
    const { rows } = await db.query<{ lo: number | null; hi: number | null }>(
      'SELECT min(seq)::float8 AS lo, max(seq)::float8 AS hi FROM datum',
    );
    const lo = rows[0]?.lo ?? null;
    const hi = rows[0]?.hi ?? null;
    const total = this.count;
    options.onProgress?.({ done: 0, total });
    const groups = new Groups();
    if (lo === null || hi === null) return groups.result();
    const span = hi - lo + 1;
    const chunk = this.countChunk;
    for (let after = lo - 1; after < hi; after += chunk) {
      if (options.signal?.aborted) throw new CancelledError('The count was cancelled');
      const params = [...plan.params];
      const range: Plan = {
        ...plan,
        where: `${plan.where} AND seq > $${params.push(after)}::bigint AND seq <= $${params.push(after + chunk)}::bigint`,
        params,
        conditional: true,
      };
      if (range.exact && !this.flags.wrappedObjects) await countBySql(db, path, range, groups);
      else await countByInJs(path, this.matchingDocs(range, path), groups);
      const done = Math.min(total, Math.round((total * (Math.min(hi, after + chunk) - lo + 1)) / span));
      options.onProgress?.({ done, total });
    }
    return groups.result();
  }

  /** The decoded documents of a plan that pass its exact matcher, reading only what the grouping needs. */
  private async *matchingDocs(plan: Plan, path: string): AsyncGenerator<Record<string, unknown>> {
    const doc: DocColumn = plan.fields ? [...plan.fields, path.split('.')[0]] : 'full';
    for await (const page of this.pages(plan, undefined, doc, MAX_PAGE, Number.POSITIVE_INFINITY, false)) {
      for (const row of page) {
        const decoded = decodeDocument(row.doc);
        if (!plan.matcher || plan.matcher(decoded.doc)) yield decoded.doc;
      }
    }
  }

  async *findByValues(path: string, values: string[]): AsyncGenerator<DatumDocument[]> {
    const db = this.live();
    if (values.length === 0) return;
    const index = valueIndex(path);
    // Wrapped objects move fields under `$dlObject`, and wrapped strings are not plain text at the path:
    // then only the filter path (GIN prefilter + matcher) is exact.
    if (
      this.flags.wrappedObjects ||
      this.flags.exoticStrings ||
      values.some((v) => typeof v !== 'string' || v.includes('\0'))
    ) {
      yield* this.find({ filter: { [path]: { $in: values } } }, null) as AsyncGenerator<DatumDocument[]>;
      return;
    }
    if (!this.valueIndexes.has(path)) {
      await db.exec(createIndexSql(index));
      this.valueIndexes.add(path);
    }
    for (let i = 0; i < values.length; i += VALUES_PER_STATEMENT) {
      const { rows } = await this.live().query<{ doc: unknown }>(lookupSql(index), [
        values.slice(i, i + VALUES_PER_STATEMENT),
      ]);
      if (rows.length > 0)
        yield rows.map((r) => toReturned(decodeDocument(r.doc)) as unknown as DatumDocument);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

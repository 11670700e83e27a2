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
import { InvalidInputError, StoreUnavailableError } from '#shared/errors';
import type { DatumDocument, DatumKeys } from '../../types';
import type { Filter, FindSpec, Store } from '../store';
import { decodeDocument, type EncodeFlags, toReturned } from './codec';
import { countByInJs, countBySql } from './count-by';
import { columns, type DocColumn, KEY_COLUMNS, type Plan, planFind } from './find-plan';
import { acquireFolderLock, type FolderLock, LOCK_FILE } from './folder-lock';
import { encodeRow, keysetAfter, type Row } from './rows';
import {
  addToCount,
  readMeta,
  SCHEMA_SQL,
  SCHEMA_VERSION,
  SESSION_SQL,
  serializeFlags,
  writeFlags,
} from './schema';
import { createIndexSql, lookupSql, VALUES_PER_STATEMENT, valueIndex } from './value-index';

/** Rows per INSERT statement (one statement per batch is ~45x faster than one per row). */
const INSERT_CHUNK = 5000;
const MAX_PAGE = 20_000;
const DEFAULT_BATCH = 1000;
/** Planner statistics are refreshed when this share of the rows is new (PGlite runs no autovacuum). */
const STALE_SHARE = 0.2;
export const DATA_DIR = 'pgdata';

/** Opens (creating if needed) the embedded store in `folder`. */
export async function openEmbeddedStore(folder: string): Promise<Store> {
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
    await db.exec(SESSION_SQL);
    const meta = await readMeta(db);
    if (meta.schema > SCHEMA_VERSION) {
      throw new Error(`it was written by a newer version of this app (schema ${meta.schema})`);
    }
    const store = new EmbeddedStore(db, lock, dir, meta.count, meta.flags);
    await store.maintainIfStale();
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

  constructor(
    private readonly db: PGlite,
    private readonly lock: FolderLock,
    private readonly folder: string,
    private count: number,
    private flags: EncodeFlags,
  ) {}

  private live(): PGlite {
    if (this.closed)
      throw new StoreUnavailableError(`The embedded store ${this.folder} is closed`, { folder: this.folder });
    return this.db;
  }

  insertOne(doc: DatumDocument): Promise<void> {
    return this.insertMany([doc]);
  }

  async insertMany(docs: DatumDocument[]): Promise<void> {
    const db = this.live();
    if (docs.length === 0) return;
    const flags = { ...this.flags, arrayPaths: this.flags.arrayPaths && new Set(this.flags.arrayPaths) };
    const rows = docs.map((d) => encodeRow(d, flags));
    const flagsChanged = serializeFlags(flags) !== serializeFlags(this.flags);
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
        await addToCount(tx, rows.length);
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
  async maintainIfStale(): Promise<void> {
    const db = this.live();
    if (this.changedSinceAnalyze === 0) {
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

  async deleteOne(id: ObjectId): Promise<void> {
    const db = this.live();
    const deleted = await db.transaction(async (tx) => {
      const res = await tx.query('DELETE FROM datum WHERE id = $1::text', [id.toHexString()]);
      if (res.affectedRows) await addToCount(tx, -res.affectedRows);
      return res.affectedRows ?? 0;
    });
    this.count -= deleted;
    this.changedSinceAnalyze += deleted;
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

  /**
   * Rows of a plan in the requested order, page by page. Exact plans and plans without SQL conditions
   * use keyset pagination (each page an index range). A plan with an inexact prefilter lists its
   * candidates' `seq` once — one bitmap scan rather than one per page, which the planner might otherwise
   * replace by an order-index walk re-checking every row — and fetches them in growing chunks; when the
   * caller wants its first batch quickly, one keyset page comes first.
   */
  private async *pages(
    plan: Plan,
    sort: FindSpec['sort'],
    doc: DocColumn,
    batchSize: number,
    limit: number,
    quickFirst = true,
    growTo = batchSize,
    whole = false,
  ) {
    if (plan.exact && plan.byParents && !sort && !Number.isFinite(limit) && doc === 'none') {
      // The keys of a parent batch's children, in no particular order: one statement, no sort, no
      // pages. The parent list bounds the rows, and the caller collects them all anyway.
      const params = [...plan.params];
      const { rows } = await this.live().query<Row>(
        `SELECT ${KEY_COLUMNS} FROM ${plan.from} WHERE ${plan.where}`,
        params,
      );
      if (rows.length > 0) yield rows;
      return;
    }
    const order =
      sort === 'latest' ? 'added_at DESC, id DESC' : sort === 'earliest' ? 'added_at ASC, id ASC' : 'seq ASC';
    if (whole) {
      // The caller reads every key: one sorted statement costs less than many keyset pages, each of
      // which would walk or bitmap-scan the matches again.
      const params = [...plan.params];
      const { rows } = await this.live().query<Row>(
        `SELECT ${KEY_COLUMNS} FROM ${plan.from} WHERE ${plan.where} ORDER BY ${order}`,
        params,
      );
      if (rows.length > 0) yield rows;
      return;
    }
    let pageSize = Math.min(
      MAX_PAGE,
      plan.exact && Number.isFinite(limit) ? Math.min(batchSize, limit) : batchSize,
    );
    const listCandidates = !plan.exact && plan.conditional;
    let last: Row | null = null;
    while (!listCandidates || quickFirst) {
      const params = [...plan.params];
      const keyset = keysetAfter(last, sort, params);
      const cols = columns(doc, params);
      const sql = `SELECT ${cols} FROM ${plan.from} WHERE ${plan.where}${keyset} ORDER BY ${order} LIMIT ${pageSize}`;
      const { rows } = await this.live().query<Row>(sql, params);
      if (rows.length > 0) yield rows;
      if (rows.length < pageSize) return;
      last = rows[rows.length - 1];
      // Pages grow (up to what the caller allows), so a long scan takes few queries after a quick first page.
      pageSize = Math.min(
        MAX_PAGE,
        plan.exact ? Math.max(pageSize, Math.min(growTo, pageSize * 2)) : pageSize * 2,
      );
      if (listCandidates) break;
    }
    // `+ 0` hides the order columns from their indexes, so the planner filters by the prefilter's
    // indexes and sorts the candidates, instead of walking the whole order index re-checking each row.
    const params = [...plan.params];
    const keyset = keysetAfter(last, sort, params, ' + 0');
    const { rows: candidates } = await this.live().query<{ seq: number }>(
      `SELECT seq FROM ${plan.from} WHERE ${plan.where}${keyset} ORDER BY ${order.replace(/(added_at|seq)/g, '$1 + 0')}`,
      params,
    );
    for (let i = 0; i < candidates.length; i += pageSize, pageSize = Math.min(MAX_PAGE, pageSize * 2)) {
      const seqs = candidates.slice(i, i + pageSize).map((c) => c.seq);
      const chunkParams: unknown[] = [seqs];
      const cols = columns(doc, chunkParams);
      const { rows } = await this.live().query<Row>(
        `SELECT ${cols} FROM datum WHERE seq = ANY($1::bigint[])`,
        chunkParams,
      );
      const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
      const ordered = seqs.map((q) => bySeq.get(Number(q))).filter((r): r is Row => r !== undefined); // deleted meanwhile
      if (ordered.length > 0) yield ordered;
    }
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
    const db = this.live();
    // A random order of the candidates' ids (small), then documents in that order until enough match.
    const limit = plan.exact ? ` LIMIT ${Math.floor(size)}` : '';
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM ${plan.from} WHERE ${plan.where} ORDER BY random()${limit}`,
      plan.params,
    );
    const out: DatumDocument[] = [];
    const chunk = Math.max(100, size * 2);
    for (let i = 0; i < rows.length && out.length < size; i += chunk) {
      const ids = rows.slice(i, i + chunk).map((r) => r.id);
      const { rows: docs } = await db.query<{ id: string; doc: unknown }>(
        'SELECT id, doc FROM datum WHERE id = ANY($1::text[])',
        [ids],
      );
      const byId = new Map(docs.map((d) => [d.id, d.doc]));
      for (const id of ids) {
        if (out.length >= size) break;
        const decoded = decodeDocument(byId.get(id));
        if (plan.matcher && !plan.matcher(decoded.doc)) continue;
        out.push(toReturned(decoded) as unknown as DatumDocument);
      }
    }
    return out;
  }

  async countBy(path: string, filter: Filter): Promise<Array<{ value: unknown; count: number }>> {
    const plan = this.plan(filter);
    if (!plan) return [];
    const db = this.live();
    if (plan.exact && !this.flags.wrappedObjects) return countBySql(db, path, plan);
    const doc: DocColumn = plan.fields ? [...plan.fields, path.split('.')[0]] : 'full';
    const docs = async function* (this: EmbeddedStore) {
      for await (const page of this.pages(plan, undefined, doc, MAX_PAGE, Number.POSITIVE_INFINITY, false)) {
        for (const row of page) {
          const decoded = decodeDocument(row.doc);
          if (!plan.matcher || plan.matcher(decoded.doc)) yield decoded.doc;
        }
      }
    };
    return countByInJs(path, docs.call(this));
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

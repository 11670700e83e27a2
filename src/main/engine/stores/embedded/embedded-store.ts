/**
 * The embedded store (spec §5): a folder on disk holding a PGlite database, no server. Filters run in two
 * steps: an indexed SQL prefilter that may let extra rows through (prefilter.ts), then the exact
 * MongoDB-semantics matcher (matcher.ts) on the decoded documents. Reads page through the table with
 * keyset pagination, so the first batch comes quickly and memory stays bounded.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ObjectId } from 'bson';
import { InvalidInputError, StoreUnavailableError } from '../../../../shared/errors';
import type { DatumDocument, DatumKeys } from '../../types';
import type { Filter, FindSpec, Store } from '../store';
import { decodeDocument, type EncodeFlags, encodeValue, toReturned } from './codec';
import { countByInJs, countBySql } from './count-by';
import { acquireFolderLock, type FolderLock, LOCK_FILE } from './folder-lock';
import { compileMatcher, type Matcher } from './matcher';
import { type Condition, SqlParams, translateFilter } from './prefilter';
import { addToCount, readMeta, SCHEMA_SQL, SCHEMA_VERSION, writeFlags } from './schema';

/** Rows per INSERT statement (one statement per batch is ~45x faster than one per row). */
const INSERT_CHUNK = 5000;
const MAX_PAGE = 20_000;
const DEFAULT_BATCH = 1000;
/** Planner statistics are refreshed when this share of the rows is new (PGlite runs no autovacuum). */
const STALE_SHARE = 0.2;
export const DATA_DIR = 'pgdata';

interface Row {
  seq: number;
  id: string;
  derived_from: string | null;
  added_at: number;
  doc?: unknown;
}

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
    db = await PGlite.create(join(dir, DATA_DIR));
    await db.exec(SCHEMA_SQL);
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

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private closed = false;
  /** Rows inserted or deleted since the planner statistics were last refreshed. */
  private changedSinceAnalyze = 0;

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
    const flags = { ...this.flags };
    const rows = docs.map((d) => encodeRow(d, flags));
    const flagsChanged = Object.keys(flags).some(
      (k) => flags[k as keyof EncodeFlags] !== this.flags[k as keyof EncodeFlags],
    );
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
    await db.exec(`ANALYZE datum; SELECT gin_clean_pending_list('datum_doc'::regclass);`);
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
      _id: ObjectId.createFromHexString(row.id),
      derived_from: row.derived_from === null ? null : ObjectId.createFromHexString(row.derived_from),
      added_at: new Date(Number(row.added_at)),
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
    const limit = spec.limit && spec.limit > 0 ? Math.abs(spec.limit) : Number.POSITIVE_INFINITY;
    let found = 0;
    for await (const page of this.pages(plan, spec.sort, toKeys === null || !plan.exact, batchSize, limit)) {
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
      for (let i = 0; i < out.length; i += batchSize) yield out.slice(i, i + batchSize);
      if (found >= limit) return;
    }
  }

  /** The SQL condition and matcher for a filter plus the spec's id restrictions; null if nothing can match. */
  private plan(filter: Filter, spec: Pick<FindSpec, 'parentIn' | 'idIn'> = {}): Plan | null {
    if (spec.parentIn?.length === 0 || spec.idIn?.length === 0) return null;
    const cond: Condition = translateFilter(filter, this.flags);
    if (cond.sql === 'FALSE') return null;
    const params = new SqlParams();
    const where = [params.render(cond)];
    if (spec.parentIn) where.push(`derived_from = ANY(${params.add(spec.parentIn.map(hex), '::text[]')})`);
    if (spec.idIn) where.push(`id = ANY(${params.add(spec.idIn.map(hex), '::text[]')})`);
    const matcher = cond.exact ? null : compileMatcher(filter);
    return {
      where: where.map((w) => `(${w})`).join(' AND '),
      params: params.values,
      exact: cond.exact,
      matcher,
    };
  }

  /** Keyset pagination in the requested order; pages grow while a filter rejects rows. */
  private async *pages(
    plan: Plan,
    sort: FindSpec['sort'],
    withDoc: boolean,
    batchSize: number,
    limit: number,
  ) {
    const cols = `seq, id, derived_from, added_at${withDoc ? ', doc' : ''}`;
    const order =
      sort === 'latest' ? 'added_at DESC, id DESC' : sort === 'earliest' ? 'added_at ASC, id ASC' : 'seq ASC';
    let pageSize = Math.min(
      MAX_PAGE,
      plan.exact && Number.isFinite(limit) ? Math.min(batchSize, limit) : batchSize,
    );
    let last: Row | null = null;
    for (;;) {
      const params = [...plan.params];
      const p = (v: unknown, cast: string) => {
        params.push(v);
        return `$${params.length}${cast}`;
      };
      let keyset = '';
      if (last) {
        if (sort === 'latest')
          keyset = ` AND (added_at, id) < (${p(last.added_at, '::bigint')}, ${p(last.id, '::text')})`;
        else if (sort === 'earliest')
          keyset = ` AND (added_at, id) > (${p(last.added_at, '::bigint')}, ${p(last.id, '::text')})`;
        else keyset = ` AND seq > ${p(last.seq, '::bigint')}`;
      }
      const sql = `SELECT ${cols} FROM datum WHERE ${plan.where}${keyset} ORDER BY ${order} LIMIT ${pageSize}`;
      const { rows } = await this.live().query<Row>(sql, params);
      if (rows.length > 0) yield rows;
      if (rows.length < pageSize) return;
      last = rows[rows.length - 1];
      if (!plan.exact) pageSize = Math.min(MAX_PAGE, pageSize * 2);
    }
  }

  async countDocuments(filter: Filter): Promise<number> {
    const plan = this.plan(filter);
    if (!plan) return 0;
    if (plan.exact) {
      const { rows } = await this.live().query<{ n: number }>(
        `SELECT count(*)::float8 AS n FROM datum WHERE ${plan.where}`,
        plan.params,
      );
      return Number(rows[0].n);
    }
    let n = 0;
    for await (const page of this.pages(plan, undefined, true, MAX_PAGE, Number.POSITIVE_INFINITY)) {
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
      `SELECT id FROM datum WHERE ${plan.where} ORDER BY random()${limit}`,
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
    const docs = async function* (this: EmbeddedStore) {
      for await (const page of this.pages(plan, undefined, true, MAX_PAGE, Number.POSITIVE_INFINITY)) {
        for (const row of page) {
          const decoded = decodeDocument(row.doc);
          if (!plan.matcher || plan.matcher(decoded.doc)) yield decoded.doc;
        }
      }
    };
    return countByInJs(path, docs.call(this));
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

export interface Plan {
  where: string;
  params: unknown[];
  exact: boolean;
  matcher: Matcher | null;
}

const hex = (id: ObjectId): string => id.toHexString();

const tagOf = (v: unknown) =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;

/** One row of the INSERT's JSON array; the key fields are checked so the key columns stay exact. */
export function encodeRow(doc: DatumDocument, flags: EncodeFlags): string {
  const id = doc._id;
  if (tagOf(id) !== 'ObjectId') throw new InvalidInputError(`_id must be an ObjectId, got ${String(id)}`);
  const parent = doc.derived_from;
  if (parent !== null && parent !== undefined && tagOf(parent) !== 'ObjectId') {
    throw new InvalidInputError(`derived_from must be an ObjectId or null, got ${String(parent)}`, {
      id: hex(id),
    });
  }
  const added = doc.added_at;
  if (!(added instanceof Date) || Number.isNaN(added.getTime())) {
    throw new InvalidInputError(`added_at must be a valid Date, got ${String(added)}`, { id: hex(id) });
  }
  return JSON.stringify({
    i: hex(id),
    p: parent ? hex(parent) : null,
    t: added.getTime(),
    d: encodeValue(doc, flags),
  });
}

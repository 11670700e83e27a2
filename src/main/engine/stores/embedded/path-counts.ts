/**
 * Counters of datums per value at a few paths (`data.type`, what the overview shows), kept by the embedded
 * store in the same transaction as every insert and delete. `countBy(path, {})` then reads a handful of
 * rows instead of grouping the whole table (seconds on 350k datums). The folder lock makes this process
 * the only writer, so the counters stay exact. A store written before they existed builds them once, on
 * first use, from a full grouping (see `EmbeddedStore.countBy`).
 *
 * A counter groups exactly as `countBy` does: the aggregation value at the path (arrays mapped over),
 * compared by MongoDB equality (`equalityKey`, so 1 and Long 1 share a counter), missing and null together.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { equalityKey, MISSING } from './bson-values';
import { decodeValue, encodeValue, type Json, noFlags, promote } from './codec';
import { type Group, Groups } from './count-by';
import { aggregationPathValue } from './path-values';
import { addToCount } from './schema';

export const COUNTED_PATHS: readonly string[] = ['data.type'];

export const COUNTERS_SQL = `
CREATE TABLE IF NOT EXISTS path_count (
  path text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value json,
  n bigint NOT NULL,
  PRIMARY KEY (path, key)
);
`;

type Db = PGlite | Transaction;

/** The group of one value: its equality key and the stored JSON that reads back as the group's value. */
export function groupOfValue(raw: unknown): { key: string; value: Json } {
  if (raw === MISSING || raw === undefined) return { key: equalityKey(null), value: null };
  // The usual `data.type`: a plain string is stored and read back as itself.
  if (typeof raw === 'string' && !raw.includes('\u0000') && isWellFormed(raw)) {
    return { key: equalityKey(raw), value: raw };
  }
  const value = encodeValue(raw, noFlags());
  // Read back as countBy reads a stored value, so both give the group the same key.
  return { key: equalityKey(promote(decodeValue(value))), value };
}

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Counter changes gathered over a batch of documents, written in one statement. */
export class CounterDeltas {
  private readonly map = new Map<string, { p: string; k: string; v: Json; n: number }>();
  private negative = false;

  constructor(private readonly paths: Iterable<string>) {}

  /** Counts one document (`sign` 1 when inserted, -1 when deleted) at every counted path. */
  add(doc: unknown, sign: 1 | -1): void {
    for (const path of this.paths) {
      const { key, value } = groupOfValue(aggregationPathValue(doc, path.split('.')));
      const id = `${path}\u0000${key}`;
      const entry = this.map.get(id);
      if (entry) entry.n += sign;
      else this.map.set(id, { p: path, k: key, v: value, n: sign });
    }
    if (sign < 0) this.negative = true;
  }

  /**
   * Adds `rows` to the store's row count and these changes to the counters, in one statement (a write's
   * transaction then runs as many statements as before the counters existed).
   */
  async applyWithCount(tx: Transaction, rows: number): Promise<void> {
    if (this.map.size === 0) {
      await addToCount(tx, rows);
      return;
    }
    await tx.query(
      `WITH counted AS (
         UPDATE store_meta SET value = to_jsonb(value::bigint + $2::bigint) WHERE key = 'count'
       )
       INSERT INTO path_count (path, key, value, n)
       SELECT e->>'p', e->>'k', e->'v', (e->>'n')::bigint FROM json_array_elements($1::json) AS e
       ON CONFLICT (path, key) DO UPDATE SET n = path_count.n + EXCLUDED.n`,
      [JSON.stringify([...this.map.values()]), rows],
    );
    if (this.negative) await tx.query('DELETE FROM path_count WHERE n <= 0');
  }
}

/** The paths whose counters are complete. */
export async function readCountedPaths(db: Db): Promise<Set<string>> {
  const { rows } = await db.query<{ value: unknown }>(`SELECT value FROM store_meta WHERE key = 'counted'`);
  const value = rows[0]?.value;
  return new Set(Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : []);
}

async function writeCountedPaths(tx: Transaction, paths: Set<string>): Promise<void> {
  await tx.query(
    `INSERT INTO store_meta (key, value) VALUES ('counted', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify([...paths].sort())],
  );
}

/** Replaces the counters of `path` by `groups` and marks them complete. */
export async function writeCounters(
  tx: Transaction,
  path: string,
  groups: Group[],
  counted: Set<string>,
): Promise<void> {
  await tx.query('DELETE FROM path_count WHERE path = $1', [path]);
  const deltas = new Map<string, { p: string; k: string; v: Json; n: number }>();
  for (const { value, count } of groups) {
    const { key, value: stored } = groupOfValue(value);
    const entry = deltas.get(key);
    if (entry) entry.n += count;
    else deltas.set(key, { p: path, k: key, v: stored, n: count });
  }
  if (deltas.size > 0) {
    await tx.query(
      `INSERT INTO path_count (path, key, value, n)
       SELECT e->>'p', e->>'k', e->'v', (e->>'n')::bigint FROM json_array_elements($1::json) AS e`,
      [JSON.stringify([...deltas.values()])],
    );
  }
  await writeCountedPaths(tx, new Set([...counted, path]));
}

/** An empty store's counters are complete from the start: mark every counted path so. */
export async function markEmptyCounted(db: PGlite, counted: Set<string>): Promise<Set<string>> {
  const all = new Set([...counted, ...COUNTED_PATHS]);
  if (all.size === counted.size) return counted;
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM path_count WHERE NOT (path = ANY($1::text[]))', [[...counted]]);
    await writeCountedPaths(tx, all);
  });
  return all;
}

/** The groups of a counted path, as `countBy` gives them. */
export async function readCounters(db: Db, path: string): Promise<Group[]> {
  const { rows } = await db.query<{ value: unknown; n: number }>(
    'SELECT value, n::float8 AS n FROM path_count WHERE path = $1',
    [path],
  );
  const groups = new Groups();
  for (const r of rows) groups.add(promote(decodeValue(r.value)), Number(r.n));
  return groups.result();
}

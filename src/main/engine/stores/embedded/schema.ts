/**
 * The embedded store's tables. One row per datum: the key fields as real, indexed columns, and the whole
 * document as `json` (not `jsonb`, which would reorder keys) with a GIN index on its jsonb form for
 * containment prefilters. `store_meta` holds the schema version, the row count and the codec flags.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { type EncodeFlags, noFlags } from './codec';

export const SCHEMA_VERSION = 1;

/**
 * Run at every open. Parsing json into jsonb (the GIN index's expression, re-checked on every candidate
 * row) costs ~10 µs, far above the planner's default of one operator; at that default the planner walks
 * an order index re-checking most of the table rather than scanning the GIN index for a LIMIT. The cost
 * is a property of this private database only. work_mem keeps sorts of candidate pages in memory.
 */
export const SESSION_SQL = `

SET work_mem = '32MB';
`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS datum (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  id text COLLATE "C" PRIMARY KEY,
  derived_from text COLLATE "C",
  added_at bigint NOT NULL,
  doc json NOT NULL
);
-- doc keeps key order (jsonb would not); body is its jsonb form, parsed once at insert, so that
-- containment prefilters neither re-parse doc per condition nor per candidate row.
ALTER TABLE datum ADD COLUMN IF NOT EXISTS body jsonb GENERATED ALWAYS AS (doc::jsonb) STORED;
DROP INDEX IF EXISTS datum_doc;
CREATE UNIQUE INDEX IF NOT EXISTS datum_seq ON datum (seq);
CREATE INDEX IF NOT EXISTS datum_derived_from ON datum (derived_from, added_at, id);
CREATE INDEX IF NOT EXISTS datum_added_at ON datum (added_at, id);
-- The newest (or oldest) datums of one type, for a query's first page (pages.ts, typeOrderedPage).
CREATE INDEX IF NOT EXISTS datum_type_order ON datum ((body #>> '{data,type}'), added_at, id);
CREATE INDEX IF NOT EXISTS datum_body ON datum USING gin (body jsonb_path_ops) WITH (gin_pending_list_limit = 1024);
CREATE TABLE IF NOT EXISTS store_meta (key text PRIMARY KEY, value jsonb NOT NULL);
-- A new store tracks array paths from its first document; an older store's flags lack the key (unknown).
INSERT INTO store_meta (key, value) VALUES ('schema', '${SCHEMA_VERSION}'), ('count', '0'), ('flags', '{"arrayPaths": []}')
  ON CONFLICT (key) DO NOTHING;
`;

export interface StoreMeta {
  schema: number;
  count: number;
  flags: EncodeFlags;
}

/**
 * Whether `datum_type_order` has no statistics yet: a lake written before the index, or one closed between
 * building it and analysing it. Without them the planner mistakes how many datums a type has.
 */
export async function typeOrderUnanalyzed(db: PGlite): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'datum_type_order'`,
  );
  return rows[0]?.n === 0;
}

export async function readMeta(db: PGlite): Promise<StoreMeta> {
  const { rows } = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM store_meta');
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return {
    schema: Number(map.get('schema')),
    count: Number(map.get('count')),
    flags: parseFlags(map.get('flags') as Record<string, unknown> | undefined),
  };
}

export async function addToCount(tx: Transaction, delta: number): Promise<void> {
  await tx.query(`UPDATE store_meta SET value = to_jsonb(value::bigint + $1::bigint) WHERE key = 'count'`, [
    delta,
  ]);
}

export async function writeFlags(tx: Transaction, flags: EncodeFlags): Promise<void> {
  await tx.query(`UPDATE store_meta SET value = $1::jsonb WHERE key = 'flags'`, [serializeFlags(flags)]);
}

export function serializeFlags(flags: EncodeFlags): string {
  return JSON.stringify({ ...flags, arrayPaths: flags.arrayPaths ? [...flags.arrayPaths].sort() : null });
}

function parseFlags(stored: Record<string, unknown> | undefined): EncodeFlags {
  const { arrayPaths, ...rest } = stored ?? {};
  return {
    ...noFlags(),
    ...(rest as Partial<EncodeFlags>),
    arrayPaths: Array.isArray(arrayPaths) ? new Set(arrayPaths as string[]) : null,
  };
}

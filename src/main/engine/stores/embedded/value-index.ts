/**
 * Lookups of a string at a dotted path (`data.sha256`, `metadata.ingest_batch`) through a btree
 * expression index on the jsonb body, created on first use. The GIN index answers equality as well, but
 * only a few values per statement (each value is one OR branch of containments); ingestion asks about
 * thousands of values at once.
 */
import { InvalidInputError } from '#shared/errors';

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL truncates identifiers at 63 bytes; two paths must never share an index name. */
const MAX_NAME = 63;
/** Values per statement: one `= ANY($1)` probe of the index each. */
export const VALUES_PER_STATEMENT = 1000;

export interface ValueIndex {
  /** The index name (quoted in SQL). */
  name: string;
  /** The indexed expression, also the left side of the lookup, so the planner matches them. */
  expr: string;
}

/** The index for a path made of plain field names (no array offsets, no `$`), or an error naming it. */
export function valueIndex(path: string): ValueIndex {
  const parts = path.split('.');
  const name = `datum_value:${path}`;
  if (parts.length > 8 || !parts.every((p) => SEGMENT.test(p)) || Buffer.byteLength(name) > MAX_NAME) {
    throw new InvalidInputError(
      `Cannot index ${JSON.stringify(path)}: a value index needs a dotted path of plain field names`,
      { path },
    );
  }
  return { name, expr: `(body #>> '{${parts.join(',')}}')` };
}

export function createIndexSql(index: ValueIndex): string {
  return `CREATE INDEX IF NOT EXISTS "${index.name}" ON datum (${index.expr})`;
}

export function lookupSql(index: ValueIndex): string {
  return `SELECT doc FROM datum WHERE ${index.expr} = ANY($1::text[])`;
}

/**
 * How a find runs on the `datum` table: the SQL prefilter, the exact matcher when the SQL alone is not
 * exact, the parent/id restrictions, and which columns the statements read.
 */

import { QueryValidationError } from '#shared/errors';
import type { Filter, FindSpec } from '../store';
import type { EncodeFlags } from './codec';
import { compileMatcher, type Matcher, topLevelFields } from './matcher';
import { type Condition, SqlParams, translateFilter } from './prefilter';
import { hex } from './rows';

/** Up to this many parents, children are read through the derived_from index first (see `planFind`). */
const FENCED_PARENTS = 5000;

/** The SQL condition and matcher for a filter plus the spec's id restrictions; null if nothing can match. */
export function planFind(
  filter: Filter,
  spec: Pick<FindSpec, 'parentIn' | 'idIn'>,
  flags: EncodeFlags,
): Plan | null {
  if (spec.parentIn?.length === 0 || spec.idIn?.length === 0) return null;
  const cond: Condition = translateFilter(filter, flags);
  if (cond.sql === 'FALSE') return null;
  const params = new SqlParams();
  const where = [params.render(cond)];
  // Children of given parents: read them through the derived_from index first (`OFFSET 0` fences the
  // subquery), then filter. Left to itself the planner intersects with a GIN scan of every datum of the
  // filtered type, a fixed cost per call that dwarfs the children of one batch.
  // A long parent list is left to the planner, which then prefers one hashed scan to many lookups.
  const fence = spec.parentIn !== undefined && spec.parentIn.length <= FENCED_PARENTS;
  const from = fence
    ? `(SELECT * FROM datum WHERE derived_from = ANY(${params.add(spec.parentIn, '::text[]')}) OFFSET 0) AS datum`
    : 'datum';
  if (spec.parentIn && !fence) where.push(`derived_from = ANY(${params.add(spec.parentIn, '::text[]')})`);
  if (spec.idIn) where.push(`id = ANY(${params.add(spec.idIn.map(hex), '::text[]')})`);
  const matcher = cond.exact ? null : compileOrRefuse(filter);
  const fields = cond.exact ? [] : topLevelFields(filter);
  return {
    from,
    byParents: spec.parentIn !== undefined,
    where: where.map((w) => `(${w})`).join(' AND '),
    params: params.values,
    exact: cond.exact,
    conditional: from !== 'datum' || where.some((w) => w !== 'TRUE'),
    matcher,
    fields,
    // Not for id or long parent lists: their matches are few, and a range of the type would rarely fill.
    typeKey: from === 'datum' && !spec.parentIn && !spec.idIn ? requiredType(filter, flags) : null,
  };
}

/**
 * The `data.type` string every match has, when `datum_type_order` lists all candidates: only where no
 * stored `data` or `data.type` ever held an array (MongoDB would match inside one) and nothing is wrapped.
 */
function requiredType(filter: Filter, flags: EncodeFlags): string | null {
  const arrays = flags.arrayPaths;
  if (!arrays || arrays.has('data') || arrays.has('data.type')) return null;
  // A wrapped object (`{"$dlObject": ...}`) or string hides `data.type` from the index expression.
  if (flags.exoticStrings || flags.wrappedObjects) return null;
  const value = filter['data.type'];
  const eq = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  const type = typeof value === 'string' ? value : eq && Object.keys(eq).length === 1 ? eq.$eq : null;
  // No stored string holds NUL (jsonb refuses it), and PostgreSQL refuses it as a parameter.
  return typeof type === 'string' && !type.includes('\0') ? type : null;
}

export interface Plan {
  /** `datum`, or a fenced subquery of it (see `plan`). */
  from: string;
  /** Restricted to the children of given parents (a bounded set of rows). */
  byParents: boolean;
  where: string;
  params: unknown[];
  exact: boolean;
  /** True when the SQL restricts rows at all (not only TRUE). */
  conditional: boolean;
  matcher: Matcher | null;
  /** The top-level fields the matcher reads, or null when it may read any (`$expr`). */
  fields: string[] | null;
  /** Every match has this `data.type` (see `requiredType`): the type-order index can find the newest. */
  typeKey: string | null;
}

/** Which document the rows carry: none, whole, or only some top-level fields (what a matcher reads). */
export type DocColumn = 'none' | 'full' | string[];

/**
 * The columns to select. A projection saves moving and decoding large payloads when the filter only
 * reads, say, `metadata`; json_each keeps the fields' text and order.
 */
/** Keys only, for statements that need no keyset (no `seq`: a column less to read is ~10% faster). */
export const KEY_COLUMNS = 'id, derived_from, added_at';

export function columns(doc: DocColumn, params: unknown[]): string {
  const keys = 'seq, id, derived_from, added_at';
  if (doc === 'none') return keys;
  if (doc === 'full') return `${keys}, doc`;
  const fields = `$${params.push(doc)}::text[]`;
  return `${keys}, coalesce((SELECT json_object_agg(e.key, e.value) FROM json_each(doc) e WHERE e.key = ANY(${fields})), '{}'::json) AS doc`;
}

/** A filter the matcher cannot compile (an unknown `$expr` operator, say) is the query's fault. */
function compileOrRefuse(filter: Filter): Matcher {
  const refuse = (err: unknown): never => {
    throw new QueryValidationError(`The filter cannot be evaluated: ${(err as Error).message}`);
  };
  let match: Matcher;
  try {
    match = compileMatcher(filter);
  } catch (err) {
    return refuse(err);
  }
  return (doc) => {
    try {
      return match(doc);
    } catch (err) {
      return refuse(err);
    }
  };
}

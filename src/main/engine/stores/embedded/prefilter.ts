/**
 * Translates a MongoDB filter into a SQL condition for the embedded store's `datum` table that selects a
 * SUPERSET of the matching documents: it may let extra rows through (the exact matcher runs after it),
 * but it never drops a match. Pure: no database access.
 *
 * What is translated:
 * - top-level `_id`, `derived_from`, `added_at` with ObjectId/Date/null values: the indexed columns,
 *   exactly (the store refuses documents whose key fields have other types);
 * - equality of a value at a dotted path (`{"a.b": v}`, `$eq`, `$in`, `$all`, and what `$elemMatch`
 *   implies): jsonb containment (GIN index) over every shape MongoDB's path traversal accepts — each
 *   level either the value itself or an element of an array;
 * - `$and` (AND), `$or` (OR when every branch translates).
 * Everything else (`$ne`, `$nin`, `$not`, `$nor`, `$exists`, `$regex`, ranges on paths, `$type`, `$size`,
 * `$expr`, null equality, paths with array offsets) becomes TRUE: no prefilter, only the matcher.
 */
import type { Filter } from '../store';
import { isDocument } from './bson-values';
import { ARRAY_PATH_DEPTH, type EncodeFlags, encodeValue, type Json, noFlags } from './codec';

/**
 * A SQL condition whose parameters are written `$?` in order, so that branches dropped while combining
 * (an `$or` with an untranslatable branch) take their parameters with them; `render` numbers them.
 */
export interface Condition {
  sql: string;
  params: unknown[];
  /** True when the SQL alone selects exactly the matching documents (no matcher needed). */
  exact: boolean;
}

/** Collects positional parameters; `add` returns the placeholder to put in the SQL. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
  /** The condition's SQL with its `$?` placeholders numbered after the parameters already here. */
  render(cond: Condition): string {
    let i = 0;
    return cond.sql.replace(/\$\?/g, () => this.add(cond.params[i++]));
  }
}

export const TRUE: Condition = { sql: 'TRUE', params: [], exact: false };
const EXACT_TRUE: Condition = { sql: 'TRUE', params: [], exact: true };
const EXACT_FALSE: Condition = { sql: 'FALSE', params: [], exact: true };

const cond = (sql: string, params: unknown[], exact: boolean): Condition => ({ sql, params, exact });

/** Containment shapes per path beyond which one OR becomes a single non-indexed `@> ANY(...)`. */
const MAX_INDEXED_SHAPES = 64;
/** Deeper paths have 2^depth shapes; beyond this, no prefilter. */
// Deeper paths are not translated; array paths are recorded just as deep (codec.ts).
const MAX_PATH_DEPTH = ARRAY_PATH_DEPTH;

export function and(conds: Condition[]): Condition {
  const exact = conds.every((c) => c.exact);
  // An empty superset is the exact answer, so FALSE is always exact.
  if (conds.some((c) => c.sql === 'FALSE')) return EXACT_FALSE;
  const parts = conds.filter((c) => c.sql !== 'TRUE');
  if (parts.length === 0) return exact ? EXACT_TRUE : TRUE;
  return join(parts, ' AND ', exact);
}

export function or(conds: Condition[]): Condition {
  if (conds.some((c) => c.sql === 'TRUE' && c.exact)) return EXACT_TRUE;
  if (conds.some((c) => c.sql === 'TRUE')) return TRUE;
  const parts = conds.filter((c) => c.sql !== 'FALSE');
  const exact = parts.every((c) => c.exact);
  if (parts.length === 0) return EXACT_FALSE;
  return join(parts, ' OR ', exact);
}

function join(parts: Condition[], op: string, exact: boolean): Condition {
  if (parts.length === 1) return { ...parts[0], exact };
  return cond(
    parts.map((c) => `(${c.sql})`).join(op),
    parts.flatMap((c) => c.params),
    exact,
  );
}

/** Translates a whole filter. `flags` says which stored values are wrapped (see codec.ts). */
export function translateFilter(filter: Filter, flags: EncodeFlags): Condition {
  const conds: Condition[] = [];
  for (const [key, value] of Object.entries(filter)) {
    switch (key) {
      case '$and':
        conds.push(and((value as Filter[]).map((f) => translateFilter(f, flags))));
        break;
      case '$or':
        conds.push(or((value as Filter[]).map((f) => translateFilter(f, flags))));
        break;
      case '$comment':
        break;
      default:
        conds.push(key.startsWith('$') ? TRUE : translateField(key, value, flags, true));
    }
  }
  return and(conds);
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  isDocument(v) && Object.keys(v).length > 0 && Object.keys(v)[0].startsWith('$');

function translateField(path: string, value: unknown, flags: EncodeFlags, topLevel: boolean): Condition {
  if (topLevel && (path === '_id' || path === 'derived_from' || path === 'added_at')) {
    return translateColumn(path, value);
  }
  if (!isOperatorObject(value)) return equality(path, value, flags);
  const conds: Condition[] = [];
  for (const [op, arg] of Object.entries(value)) {
    switch (op) {
      case '$eq':
        conds.push(equality(path, arg, flags));
        break;
      case '$in':
        conds.push(inList(path, arg as unknown[], flags));
        break;
      case '$all':
        conds.push(allOf(path, arg as unknown[], flags));
        break;
      case '$elemMatch':
        conds.push(elemMatch(path, arg as Record<string, unknown>, flags));
        break;
      default:
        conds.push(TRUE);
    }
  }
  return and(conds);
}

// ---- key columns -------------------------------------------------------------------------------

type ColumnKind = 'oid' | 'date';
const COLUMN_KIND: Record<string, ColumnKind> = { _id: 'oid', derived_from: 'oid', added_at: 'date' };
const COLUMN_NAME: Record<string, string> = { _id: 'id', derived_from: 'derived_from', added_at: 'added_at' };

const tagOf = (v: unknown): string | undefined =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
const isOid = (v: unknown): boolean => tagOf(v) === 'ObjectId' || tagOf(v) === 'ObjectID';

/** The column value for a filter value, or undefined when the value is not of the column's type. */
function columnValue(kind: ColumnKind, v: unknown): string | number | undefined {
  if (kind === 'oid') return isOid(v) ? (v as { toHexString(): string }).toHexString() : undefined;
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : undefined;
}

function translateColumn(path: string, value: unknown): Condition {
  const kind = COLUMN_KIND[path];
  const col = COLUMN_NAME[path];
  const nullable = path === 'derived_from';
  const cast = kind === 'oid' ? '::text' : '::bigint';
  const eq = (v: unknown): Condition => {
    const cv = columnValue(kind, v);
    if (cv !== undefined) return cond(`${col} = $?${cast}`, [cv], true);
    if (v === null && nullable) return cond(`${col} IS NULL`, [], true);
    return TRUE;
  };
  if (!isOperatorObject(value)) return value instanceof RegExp ? TRUE : eq(value);
  const conds: Condition[] = [];
  for (const [op, arg] of Object.entries(value)) {
    switch (op) {
      case '$eq':
        conds.push(eq(arg));
        break;
      case '$ne': {
        // IS NOT TRUE: a NULL derived_from differs from every ObjectId.
        const c = eq(arg);
        conds.push(c.exact ? cond(`(${c.sql}) IS NOT TRUE`, c.params, true) : TRUE);
        break;
      }
      case '$in': {
        const list = arg as unknown[];
        const values = list.map((v) => columnValue(kind, v)).filter((v) => v !== undefined);
        const hasNull = nullable && list.includes(null);
        const parts: Condition[] = [];
        if (values.length > 0) parts.push(cond(`${col} = ANY($?${cast}[])`, [values], true));
        if (hasNull) parts.push(cond(`${col} IS NULL`, [], true));
        // Values of other types (and regexes) can never match this column, whose type is fixed; dropping
        // them keeps a superset, and the matcher still sees the filter when they are present.
        const exact = list.every((v) => columnValue(kind, v) !== undefined || (v === null && nullable));
        const c = or(parts);
        conds.push({ ...c, exact: exact && c.exact });
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const cv = columnValue(kind, arg);
        const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
        conds.push(cv === undefined ? TRUE : cond(`${col} ${sqlOp} $?${cast}`, [cv], true));
        break;
      }
      case '$exists':
        conds.push(arg ? EXACT_TRUE : EXACT_FALSE); // the key fields are always present
        break;
      default:
        conds.push(TRUE);
    }
  }
  return and(conds);
}

// ---- document paths ----------------------------------------------------------------------------

interface ValueKinds {
  number: boolean;
  string: boolean;
  regex: boolean;
}

function kindsOf(v: unknown, acc: ValueKinds = { number: false, string: false, regex: false }): ValueKinds {
  if (typeof v === 'number' || typeof v === 'bigint') acc.number = true;
  else if (typeof v === 'string') acc.string = true;
  else if (v instanceof RegExp) acc.regex = true;
  else if (Array.isArray(v)) for (const x of v) kindsOf(x, acc);
  else if (v !== null && typeof v === 'object') {
    const tag = tagOf(v);
    if (tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128') acc.number = true;
    else if (tag === 'BSONSymbol') acc.string = true;
    else if (tag === 'BSONRegExp') acc.regex = true;
    else if (tag === undefined && isDocument(v)) for (const x of Object.values(v)) kindsOf(x, acc);
  }
  return acc;
}

/** The stored JSON a filter value equals, or undefined when containment could miss an equal value. */
function storedForm(v: unknown, flags: EncodeFlags): Json | undefined {
  if (v === null || v === undefined) return undefined; // null also matches missing fields
  const kinds = kindsOf(v);
  if (kinds.regex) return undefined;
  if (kinds.number && flags.exoticNumbers) return undefined;
  if (kinds.string && flags.exoticStrings) return undefined;
  const local = noFlags();
  const json = encodeValue(v, local);
  // A wrapped number or string in the filter can equal a plain one in a document.
  if (local.exoticNumbers || local.exoticStrings || local.wrappedObjects) return undefined;
  return json;
}

function pathParts(path: string): string[] | undefined {
  const parts = path.split('.');
  if (parts.length > MAX_PATH_DEPTH) return undefined;
  // Array offsets (`a.0`) and `$` names follow other traversal rules: leave them to the matcher.
  if (parts.some((p) => p === '' || p.startsWith('$') || /^[0-9]+$/.test(p))) return undefined;
  return parts;
}

/**
 * Every JSON shape in which `leaf` sits at `parts`, each level either direct or inside an array — but
 * an array level only where some stored document ever held an array at that path (`arrayPaths`), since
 * a shape no document has cannot match. Plain nested data thus needs one containment, not 2^depth.
 */
function shapes(parts: string[], leaf: Json, arrayPaths: Set<string> | null): Json[] {
  const mayBeArray = (n: number) => arrayPaths === null || arrayPaths.has(parts.slice(0, n).join('.'));
  let inner: Json[] = mayBeArray(parts.length) ? [leaf, [leaf]] : [leaf];
  for (let i = parts.length - 1; i >= 0; i--) {
    const key = parts[i];
    const wrap = i > 0 && mayBeArray(i);
    const next: Json[] = [];
    for (const s of inner) next.push({ [key]: s }, ...(wrap ? [[{ [key]: s }] as Json] : []));
    inner = next;
  }
  return inner;
}

/** Equality shapes for one value at a path, or undefined when not translatable. */
function equalityShapes(path: string, value: unknown, flags: EncodeFlags): Json[] | undefined {
  if (flags.wrappedObjects) return undefined;
  const parts = pathParts(path);
  if (!parts) return undefined;
  const stored = storedForm(value, flags);
  return stored === undefined ? undefined : shapes(parts, stored, flags.arrayPaths);
}

function containment(all: Json[]): Condition {
  if (all.length === 0) return EXACT_FALSE;
  if (all.length > MAX_INDEXED_SHAPES) {
    return cond('body @> ANY($?::jsonb[])', [all.map((s) => JSON.stringify(s))], false);
  }
  return cond(
    all.map(() => 'body @> $?::jsonb').join(' OR '),
    all.map((s) => JSON.stringify(s)),
    false,
  );
}

/**
 * Containment over every array-wrapping shape selects exactly MongoDB's equality for a plain scalar
 * (string, boolean, finite number): jsonb never unwraps nested arrays, nor does MongoDB's path
 * traversal, and numbers compare by value in both. Such conditions need no matcher — the common
 * `{"data.type": "image"}` stays in SQL. Documents and arrays as values keep the matcher.
 */
function isPlainScalar(v: unknown): boolean {
  return (
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0))
  );
}

function equality(path: string, value: unknown, flags: EncodeFlags): Condition {
  const found = equalityShapes(path, value, flags);
  return found ? { ...containment(found), exact: isPlainScalar(value) } : TRUE;
}

function inList(path: string, list: unknown[], flags: EncodeFlags): Condition {
  if (list.length === 0) return EXACT_FALSE;
  const all: Json[] = [];
  for (const v of list) {
    const found = equalityShapes(path, v, flags);
    if (!found) return TRUE;
    all.push(...found);
  }
  return { ...containment(all), exact: list.every(isPlainScalar) };
}

function allOf(path: string, items: unknown[], flags: EncodeFlags): Condition {
  if (items.length === 0) return EXACT_FALSE;
  return and(
    items.map((item) =>
      isDocument(item) && Object.keys(item)[0] === '$elemMatch'
        ? elemMatch(path, item.$elemMatch as Record<string, unknown>, flags)
        : equality(path, item, flags),
    ),
  );
}

/**
 * An element matching the criteria implies the document matches the same criteria with the path
 * prefixed (`{a: {$elemMatch: {b: 1}}}` implies `{"a.b": 1}`), so translate that weaker filter.
 */
function elemMatch(path: string, criteria: Record<string, unknown>, flags: EncodeFlags): Condition {
  const keys = Object.keys(criteria);
  const valueForm =
    keys.length > 0 && keys.every((k) => k.startsWith('$') && !['$and', '$or', '$nor', '$expr'].includes(k));
  if (valueForm) {
    const conds: Condition[] = [];
    if ('$eq' in criteria) conds.push(equality(path, criteria.$eq, flags));
    if ('$in' in criteria) conds.push(inList(path, criteria.$in as unknown[], flags));
    return { ...and(conds), exact: false };
  }
  return { ...translatePrefixed(path, criteria, flags), exact: false };
}

function translatePrefixed(prefix: string, filter: Filter, flags: EncodeFlags): Condition {
  const conds: Condition[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') conds.push(and((value as Filter[]).map((f) => translatePrefixed(prefix, f, flags))));
    else if (key === '$or')
      conds.push(or((value as Filter[]).map((f) => translatePrefixed(prefix, f, flags))));
    else if (key.startsWith('$')) conds.push(TRUE);
    else conds.push(translateField(`${prefix}.${key}`, value, flags, false));
  }
  return and(conds);
}

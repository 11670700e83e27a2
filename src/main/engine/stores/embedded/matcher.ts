/**
 * The exact filter of the embedded store: mingo's `Query` (which composes `$and`/`$or`/`$nor`/`$not`
 * and evaluates `$expr`) with every field operator replaced by the server-faithful versions of
 * `field-operators.ts`, so a filter selects the same documents as on MongoDB.
 */
import { Context } from 'mingo';
import * as expressionOperators from 'mingo/operators/expression';
import * as queryOperators from 'mingo/operators/query';
import { Query } from 'mingo/query';
import type { Filter } from '../store';
import { isDocument, numericValue } from './bson-values';
import {
  allAtPath,
  anyAtPath,
  bitsLeaf,
  compareLeaf,
  type DocPredicate,
  elemMatchLeaf,
  existsLeaf,
  inLeaf,
  isValueElemMatch,
  modLeaf,
  regexLeaf,
  typeLeaf,
} from './field-operators';
import { toJsRegExp } from './regex';

export type Matcher = (doc: Record<string, unknown>) => boolean;

type OpFn = (selector: string, value: any, options: any) => DocPredicate;

const subQuery = (options: any) => (criteria: Record<string, unknown>) => {
  const q = new Query(criteria, options);
  return (doc: unknown) => q.test(doc as Record<string, unknown>);
};

const cmp =
  (op: '$eq' | '$lt' | '$lte' | '$gt' | '$gte'): OpFn =>
  (selector, value) =>
    anyAtPath(selector, compareLeaf(op, value));

const builtinExpr = (queryOperators as Record<string, OpFn>).$expr;

const FIELD_OPERATORS: Record<string, OpFn> = {
  $eq: cmp('$eq'),
  $lt: cmp('$lt'),
  $lte: cmp('$lte'),
  $gt: cmp('$gt'),
  $gte: cmp('$gte'),
  $ne: (selector, value) => {
    const eq = anyAtPath(selector, compareLeaf('$eq', value));
    return (doc) => !eq(doc);
  },
  $in: (selector, values) => anyAtPath(selector, inLeaf(values)),
  $nin: (selector, values) => {
    const inside = anyAtPath(selector, inLeaf(values));
    return (doc) => !inside(doc);
  },
  $exists: (selector, value) => {
    const exists = anyAtPath(selector, existsLeaf);
    return value ? exists : (doc) => !exists(doc);
  },
  $type: (selector, value) => anyAtPath(selector, typeLeaf(value)),
  $regex: (selector, value) => anyAtPath(selector, regexLeaf(value)),
  $size: (selector, value) => anyAtPath(selector, (e) => Array.isArray(e) && e.length === value, false),
  $mod: (selector, value) => anyAtPath(selector, modLeaf(value)),
  $all: (selector, items, options) => allAtPath(selector, items, subQuery(options)),
  $elemMatch: (selector, criteria, options) =>
    anyAtPath(selector, elemMatchLeaf(criteria, subQuery(options)), false),
  $bitsAllSet: (selector, value) => anyAtPath(selector, bitsLeaf('$bitsAllSet', value)),
  $bitsAllClear: (selector, value) => anyAtPath(selector, bitsLeaf('$bitsAllClear', value)),
  $bitsAnySet: (selector, value) => anyAtPath(selector, bitsLeaf('$bitsAnySet', value)),
  $bitsAnyClear: (selector, value) => anyAtPath(selector, bitsLeaf('$bitsAnyClear', value)),
  // mingo's aggregation operators know JS numbers only: give `$expr` a view with BSON numbers unwrapped.
  $expr: (selector, value, options) => {
    const pred = builtinExpr(selector, value, options);
    return (doc) => pred(numbersUnwrapped(doc));
  },
};

const CONTEXT = Context.init({
  query: { ...(queryOperators as Record<string, OpFn>), ...FIELD_OPERATORS } as never,
  expression: expressionOperators as never,
});

const OPTIONS = { context: CONTEXT, scriptEnabled: false, useStrictMode: true };

/** Compiles a validated filter (BSON values) into the exact predicate. */
export function compileMatcher(filter: Filter): Matcher {
  const query = new Query(prepareFilter(filter), OPTIONS);
  return (doc) => query.test(doc);
}

/** The top-level fields a filter reads (`data` for `data.type`), or null when it may read any (`$expr`). */
export function topLevelFields(filter: Filter): string[] | null {
  const out = new Set<string>();
  const walk = (f: Filter): boolean => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!(value as Filter[]).every(walk)) return false;
      } else if (key.startsWith('$')) {
        if (key !== '$comment') return false;
      } else {
        out.add(key.split('.')[0]);
      }
    }
    return true;
  };
  return walk(filter) ? [...out] : null;
}

/**
 * Normalises a filter for mingo: drops `$comment`, turns every regex (string `$regex` with `$options`,
 * BSONRegExp) into a JS RegExp with MongoDB's meaning, and recurses into `$elemMatch`/`$not`.
 */
export function prepareFilter(filter: Filter): Filter {
  const out: Filter = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$comment') continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      out[key] = (value as Filter[]).map(prepareFilter);
    } else if (key.startsWith('$')) {
      out[key] = value; // $expr
    } else {
      out[key] = prepareFieldValue(value);
    }
  }
  return out;
}

const isRegexValue = (v: unknown): boolean =>
  v instanceof RegExp ||
  (v !== null && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');

function prepareFieldValue(value: unknown): unknown {
  if (isRegexValue(value)) return toJsRegExp(value);
  if (!isDocument(value) || !Object.keys(value).some((k) => k.startsWith('$'))) return value;
  return prepareOperators(value);
}

function prepareOperators(ops: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$regex':
        out.$regex = toJsRegExp(arg, typeof ops.$options === 'string' ? ops.$options : undefined);
        break;
      case '$options':
        break;
      case '$in':
      case '$nin':
      case '$all':
        out[op] = (arg as unknown[]).map((v) =>
          isRegexValue(v) ? toJsRegExp(v) : isDocument(v) && '$elemMatch' in v ? prepareOperators(v) : v,
        );
        break;
      case '$not':
        out.$not = isRegexValue(arg) ? toJsRegExp(arg) : prepareOperators(arg as Record<string, unknown>);
        break;
      case '$elemMatch': {
        const criteria = arg as Record<string, unknown>;
        out.$elemMatch = isValueElemMatch(criteria) ? prepareOperators(criteria) : prepareFilter(criteria);
        break;
      }
      default:
        out[op] = arg;
    }
  }
  return out;
}

/** A copy of a document with Long/Int32/Double/Decimal128 as JS numbers (for mingo's expressions). */
function numbersUnwrapped(v: unknown): any {
  if (Array.isArray(v)) return v.map(numbersUnwrapped);
  if (v !== null && typeof v === 'object') {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128')
      return Number(numericValue(v));
    if (isDocument(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = numbersUnwrapped(x);
      return out;
    }
  }
  return v;
}

/**
 * MongoDB's field-level query operators with the server's semantics, plugged into mingo's operator
 * context by `matcher.ts`. mingo's own versions differ from the server on details that change results
 * (sub-document equality ignores key order, `$in` never compares a whole array, `{"a.b": null}` misses
 * array elements without `b`, `$type` knows no objectId/binData/long/decimal, `$mod` accepts strings), so
 * each operator here resolves its path with `queryPathValues` and compares with `compareBson`.
 */
import { QueryValidationError } from '#shared/errors';
import {
  type BsonTypeName,
  bsonTypeOf,
  canonicalRank,
  compareBson,
  equalityKey,
  isDocument,
  isNaNValue,
  MISSING,
  numericValue,
  regexParts,
  TYPE_CODES,
} from './bson-values';
import { queryPathValues } from './path-values';

export type Leaf = (value: unknown) => boolean;
/** A compiled document-level predicate, the shape mingo expects from a query operator. */
export type DocPredicate = (doc: unknown) => boolean;
/** Compiles a filter for a sub-document (object-form `$elemMatch`); supplied by the matcher. */
export type SubQuery = (criteria: Record<string, unknown>) => DocPredicate;

/** `$exists: true` on one value. */
export const existsLeaf: Leaf = (e) => e !== MISSING;

type Cmp = '$eq' | '$lt' | '$lte' | '$gt' | '$gte';

/** `ComparisonMatchExpression::matchesSingleElement`: type bracketing, null vs missing, NaN, MinKey/MaxKey. */
export function compareLeaf(op: Cmp, rhs: unknown): Leaf {
  const rhsRank = canonicalRank(bsonTypeOf(rhs));
  const rhsType = bsonTypeOf(rhs);
  return (e) => {
    const rank = canonicalRank(bsonTypeOf(e));
    if (rank !== rhsRank) {
      if (rank + rhsRank === 5) return op === '$eq' || op === '$lte' || op === '$gte'; // null vs missing
      if (rhsType === 'maxKey') return op === '$lt' || op === '$lte';
      if (rhsType === 'minKey') return op === '$gt' || op === '$gte';
      return false;
    }
    if (rank === 10) {
      const a = numericValue(e);
      const b = numericValue(rhs);
      if (isNaNValue(a) || isNaNValue(b)) {
        const both = isNaNValue(a) && isNaNValue(b);
        return both && op !== '$lt' && op !== '$gt';
      }
    }
    const c = compareBson(e, rhs);
    switch (op) {
      case '$eq':
        return c === 0;
      case '$lt':
        return c < 0;
      case '$lte':
        return c <= 0;
      case '$gt':
        return c > 0;
      case '$gte':
        return c >= 0;
    }
  };
}

/** `RegexMatchExpression`: strings and symbols by pattern; a stored regex only when it is the same regex. */
export function regexLeaf(re: RegExp): Leaf {
  const want = regexParts(re);
  const tester = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  return (e) => {
    const t = bsonTypeOf(e);
    if (t === 'string') return tester.test(e as string);
    if (t === 'symbol') return tester.test(String((e as { value?: unknown }).value ?? e));
    if (t === 'regex') {
      const got = regexParts(e);
      return got.pattern === want.pattern && got.options === want.options;
    }
    return false;
  };
}

/** `$in`: equality with any value (a hash lookup, so long lists stay cheap) or a match of any regex. */
export function inLeaf(values: unknown[]): Leaf {
  const keys = new Set(values.filter((v) => !(v instanceof RegExp)).map(equalityKey));
  const regexes = values.filter((v): v is RegExp => v instanceof RegExp).map(regexLeaf);
  return (e) => keys.has(equalityKey(e)) || regexes.some((leaf) => leaf(e));
}

export function typeLeaf(spec: unknown): Leaf {
  const wanted = new Set<BsonTypeName | 'number'>();
  for (const t of Array.isArray(spec) ? spec : [spec]) {
    if (t === 'number') wanted.add('number');
    else if (typeof t === 'number') {
      const name = TYPE_CODES[String(t)];
      if (name) wanted.add(name);
    } else if (typeof t === 'string') wanted.add(t as BsonTypeName);
  }
  return (e) => {
    if (e === MISSING) return false;
    const t = bsonTypeOf(e);
    return wanted.has(t) || (wanted.has('number') && canonicalRank(t) === 10);
  };
}

/** `$mod`: numbers truncated to integers, as the server does; NaN and infinities never match. */
export function modLeaf(spec: unknown): Leaf {
  const [d, r] = (spec as unknown[]).map((x) => Math.trunc(Number(numericValue(x))));
  return (e) => {
    if (canonicalRank(bsonTypeOf(e)) !== 10 || !d) return false;
    const n = numericValue(e);
    if (typeof n === 'bigint') return n % BigInt(d) === BigInt(r);
    if (!Number.isFinite(n)) return false;
    return Math.trunc(n) % d === r;
  };
}

type BitsOp = '$bitsAllSet' | '$bitsAllClear' | '$bitsAnySet' | '$bitsAnyClear';

function bitPositions(spec: unknown): number[] {
  if (Array.isArray(spec)) return spec.map(Number);
  const positions: number[] = [];
  if (typeof spec === 'number' || bsonTypeOf(spec) === 'long' || bsonTypeOf(spec) === 'int') {
    let mask = BigInt.asUintN(64, BigInt(Math.trunc(Number(numericValue(spec)))));
    for (let i = 0; mask > 0n; i++, mask >>= 1n) if (mask & 1n) positions.push(i);
    return positions;
  }
  const bytes =
    (spec as { buffer?: Uint8Array }).buffer ??
    (ArrayBuffer.isView(spec) ? new Uint8Array(spec.buffer) : null);
  if (bytes)
    bytes.forEach((b, i) => {
      for (let j = 0; j < 8; j++) if (b & (1 << j)) positions.push(i * 8 + j);
    });
  return positions;
}

/** `$bitsAllSet` and friends over integral numbers (two's complement, 64 bits) and binary data. */
export function bitsLeaf(op: BitsOp, spec: unknown): Leaf {
  const positions = bitPositions(spec);
  return (e) => {
    let bit: (p: number) => boolean;
    if (canonicalRank(bsonTypeOf(e)) === 10) {
      const n = numericValue(e);
      if (typeof n === 'number' && (!Number.isInteger(n) || Math.abs(n) > 2 ** 63)) return false;
      const word = BigInt.asUintN(64, BigInt(n));
      bit = (p) => (p >= 64 ? word >> 63n === 1n : ((word >> BigInt(p)) & 1n) === 1n);
    } else if (bsonTypeOf(e) === 'binData') {
      const bytes = (e as { buffer?: Uint8Array }).buffer ?? new Uint8Array((e as Uint8Array).buffer);
      bit = (p) => ((bytes[p >> 3] ?? 0) & (1 << (p & 7))) !== 0;
    } else return false;
    switch (op) {
      case '$bitsAllSet':
        return positions.every(bit);
      case '$bitsAllClear':
        return positions.every((p) => !bit(p));
      case '$bitsAnySet':
        return positions.some(bit);
      case '$bitsAnyClear':
        return positions.some((p) => !bit(p));
    }
  };
}

/** True when an `$elemMatch` argument is an operator object (value form) rather than a sub-filter. */
export function isValueElemMatch(criteria: Record<string, unknown>): boolean {
  const keys = Object.keys(criteria);
  return (
    keys.length > 0 && keys.every((k) => k.startsWith('$') && !['$and', '$or', '$nor', '$expr'].includes(k))
  );
}

export function elemMatchLeaf(criteria: Record<string, unknown>, subQuery: SubQuery): Leaf {
  let element: Leaf;
  if (isValueElemMatch(criteria)) {
    element = operatorObjectLeaf(criteria, subQuery);
  } else {
    const pred = subQuery(criteria);
    element = (x) => (isDocument(x) || Array.isArray(x)) && pred(x);
  }
  return (e) => Array.isArray(e) && e.some(element);
}

/**
 * An operator object applied to one value (`matchesSingleElement`), as inside a value `$elemMatch`:
 * the value itself is tested, arrays inside it are not expanded.
 */
export function operatorObjectLeaf(ops: Record<string, unknown>, subQuery: SubQuery): Leaf {
  const leaves: Leaf[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$eq':
      case '$lt':
      case '$lte':
      case '$gt':
      case '$gte':
        leaves.push(compareLeaf(op, arg));
        break;
      case '$ne': {
        const eq = compareLeaf('$eq', arg);
        leaves.push((e) => !eq(e));
        break;
      }
      case '$in':
        leaves.push(inLeaf(arg as unknown[]));
        break;
      case '$nin': {
        const inside = inLeaf(arg as unknown[]);
        leaves.push((e) => !inside(e));
        break;
      }
      case '$regex':
        leaves.push(regexLeaf(arg as RegExp));
        break;
      case '$exists':
        leaves.push((e) => (e !== MISSING) === Boolean(arg));
        break;
      case '$type':
        leaves.push(typeLeaf(arg));
        break;
      case '$size':
        leaves.push((e) => Array.isArray(e) && e.length === arg);
        break;
      case '$mod':
        leaves.push(modLeaf(arg));
        break;
      case '$all':
        leaves.push(allLeaf(arg as unknown[], subQuery));
        break;
      case '$elemMatch':
        leaves.push(elemMatchLeaf(arg as Record<string, unknown>, subQuery));
        break;
      case '$not': {
        const inner =
          arg instanceof RegExp
            ? regexLeaf(arg)
            : operatorObjectLeaf(arg as Record<string, unknown>, subQuery);
        leaves.push((e) => !inner(e));
        break;
      }
      case '$bitsAllSet':
      case '$bitsAllClear':
      case '$bitsAnySet':
      case '$bitsAnyClear':
        leaves.push(bitsLeaf(op, arg));
        break;
      case '$options':
        break; // folded into $regex by prepareFilter
      default:
        throw new QueryValidationError(`Unknown operator: ${op} (inside $elemMatch)`, { operator: op });
    }
  }
  return (e) => leaves.every((leaf) => leaf(e));
}

/** `$all` on one value: every item equal (or matching, for regexes and `$elemMatch` items). An empty list never matches. */
function allLeaf(items: unknown[], subQuery: SubQuery): Leaf {
  if (items.length === 0) return () => false;
  const leaves = items.map((item) => allItemLeaf(item, subQuery));
  return (e) => leaves.every((leaf) => leaf(e));
}

function allItemLeaf(item: unknown, subQuery: SubQuery): Leaf {
  if (item instanceof RegExp) return regexLeaf(item);
  if (isDocument(item) && Object.keys(item)[0] === '$elemMatch') {
    return elemMatchLeaf(item.$elemMatch as Record<string, unknown>, subQuery);
  }
  return compareLeaf('$eq', item);
}

/** A path-level predicate: true when any value the path reaches satisfies `leaf`. */
export function anyAtPath(path: string, leaf: Leaf, expandLeafArrays = true): DocPredicate {
  const parts = path.split('.');
  return (doc) => queryPathValues(doc, parts, expandLeafArrays).some(leaf);
}

/** `$all` at a path: each item is its own path-level test (`$all` is an `$and` of equalities). */
export function allAtPath(path: string, items: unknown[], subQuery: SubQuery): DocPredicate {
  if (items.length === 0) return () => false;
  const preds = items.map((item) => {
    const leaf = allItemLeaf(item, subQuery);
    const isElemMatch = isDocument(item) && Object.keys(item)[0] === '$elemMatch';
    return anyAtPath(path, leaf, !isElemMatch);
  });
  return (doc) => preds.every((p) => p(doc));
}

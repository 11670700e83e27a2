/**
 * BSON value semantics for the embedded store's matcher: type names, the canonical type order and the
 * comparison MongoDB uses (`BSONElement::compareElements`), applied to the JS values the codec decodes
 * (numbers, strings, Dates, RegExps, arrays, plain objects and js-bson classes).
 * BSON classes are recognised by their `_bsontype` tag, so values from another copy of `bson`
 * (for example the `mongodb` driver's) compare the same.
 */
import { isInt32Number, isInt64Number } from '../../integers';

/** A path that does not exist (MongoDB's EOO element). */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

export type BsonTypeName =
  | 'missing'
  | 'minKey'
  | 'null'
  | 'undefined'
  | 'double'
  | 'int'
  | 'long'
  | 'decimal'
  | 'string'
  | 'symbol'
  | 'object'
  | 'array'
  | 'binData'
  | 'objectId'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'regex'
  | 'javascript'
  | 'javascriptWithScope'
  | 'maxKey';

type Tagged = { _bsontype?: string };

const bsonTag = (v: object): string | undefined => (v as Tagged)._bsontype;

/** A plain document: what a path can descend into (not an array, not a BSON scalar). */
export function isDocument(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return false;
  return bsonTag(v) === undefined;
}

/** The BSON type of a decoded value; a JS number is int, long or double as the engine stores it. */
export function bsonTypeOf(v: unknown): BsonTypeName {
  if (v === MISSING) return 'missing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'number':
      // As the engine writes numbers (integers.ts): int32, int64 beyond that, otherwise double.
      return isInt32Number(v) ? 'int' : isInt64Number(v) ? 'long' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'object':
      break;
    default:
      return 'undefined'; // functions and symbols are not stored
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (ArrayBuffer.isView(v)) return 'binData';
  switch (bsonTag(v as object)) {
    case undefined:
      return 'object';
    case 'ObjectId':
    case 'ObjectID':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Long':
      return 'long';
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Decimal128':
      return 'decimal';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'BSONSymbol':
    case 'Symbol':
      return 'symbol';
    case 'Code':
      return (v as { scope?: unknown }).scope ? 'javascriptWithScope' : 'javascript';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    default:
      return 'object'; // DBRef and anything unknown: compared as a document
  }
}

/** `$type` codes and aliases. */
export const TYPE_CODES: Record<string, BsonTypeName> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  '-1': 'minKey',
  127: 'maxKey',
};

/** MongoDB's canonical type order (`canonicalizeBSONType`): values of different ranks never compare equal. */
export function canonicalRank(t: BsonTypeName): number {
  switch (t) {
    case 'minKey':
      return -1;
    case 'missing':
    case 'undefined':
      return 0;
    case 'null':
      return 5;
    case 'double':
    case 'int':
    case 'long':
    case 'decimal':
      return 10;
    case 'string':
    case 'symbol':
      return 15;
    case 'object':
      return 20;
    case 'array':
      return 25;
    case 'binData':
      return 30;
    case 'objectId':
      return 35;
    case 'bool':
      return 40;
    case 'date':
      return 45;
    case 'timestamp':
      return 47;
    case 'regex':
      return 50;
    case 'javascript':
      return 60;
    case 'javascriptWithScope':
      return 65;
    case 'maxKey':
      return 127;
  }
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** A number, or a bigint for a Long beyond 2^53 (JS compares the two exactly). NaN stays NaN. */
export function numericValue(v: unknown): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  const tag = bsonTag(v as object);
  if (tag === 'Long') {
    const long = v as { toBigInt(): bigint; toNumber(): number };
    const big = long.toBigInt();
    return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
  }
  if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
  if (tag === 'Decimal128') return Number((v as { toString(): string }).toString()); // approximate beyond 2^53
  return Number.NaN;
}

export const isNaNValue = (v: number | bigint): boolean => typeof v === 'number' && Number.isNaN(v);

function compareNumbers(a: number | bigint, b: number | bigint): number {
  // MongoDB sorts NaN below every other number and treats NaN as equal to NaN.
  const an = isNaNValue(a);
  const bn = isNaNValue(b);
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code point order (what MongoDB's byte-wise UTF-8 comparison gives), not UTF-16 code unit order. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return sign(fixSurrogate(x) - fixSurrogate(y));
  }
  return sign(a.length - b.length);
}

// Moves surrogates above the rest of the BMP so that UTF-16 order becomes code point order.
const fixSurrogate = (c: number): number => (c >= 0xd800 ? (c >= 0xe000 ? c - 0x800 : c + 0x2000) : c);

function bytesOf(v: unknown): Uint8Array {
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const bin = v as { buffer: Uint8Array; position?: number; length?: () => number };
  const len = typeof bin.position === 'number' ? bin.position : bin.buffer.length;
  return bin.buffer.subarray(0, len);
}

function binarySubtype(v: unknown): number {
  return ArrayBuffer.isView(v) ? 0 : ((v as { sub_type?: number }).sub_type ?? 0);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return sign(a[i] - b[i]);
  return sign(a.length - b.length);
}

/** Pattern and options of a RegExp or BSONRegExp, options in BSON's sorted form. */
export function regexParts(v: unknown): { pattern: string; options: string } {
  if (v instanceof RegExp) return { pattern: v.source, options: sortFlags(v.flags.replace(/[^imsx]/g, '')) };
  const r = v as { pattern: string; options: string };
  return { pattern: r.pattern, options: sortFlags(r.options.replace(/[^imsx]/g, '')) };
}

const sortFlags = (flags: string): string => [...flags].sort().join('');

function hexOf(v: unknown): string {
  return (v as { toHexString(): string }).toHexString();
}

function timestampParts(v: unknown): [number, number] {
  const ts = v as { t?: number; i?: number; high?: number; low?: number };
  if (typeof ts.t === 'number' && typeof ts.i === 'number') return [ts.t, ts.i];
  return [(ts.high ?? 0) >>> 0, (ts.low ?? 0) >>> 0];
}

function entriesOf(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  const tag = bsonTag(v as object);
  if (tag !== undefined) {
    // DBRef and unknown tagged values: compare through their Extended JSON form.
    const json = (v as { toJSON?: () => unknown }).toJSON?.();
    return isDocument(json) ? Object.entries(json) : [];
  }
  return Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
}

/**
 * Total order over BSON values (type rank first, then value), as MongoDB sorts and compares.
 * Documents compare field by field (type rank, then name, then value), so key order matters.
 */
export function compareBson(a: unknown, b: unknown): number {
  const ta = bsonTypeOf(a);
  const tb = bsonTypeOf(b);
  const ra = canonicalRank(ta);
  const rb = canonicalRank(tb);
  if (ra !== rb) return sign(ra - rb);
  switch (ra) {
    case 10:
      return compareNumbers(numericValue(a), numericValue(b));
    case 15:
      return compareStrings(String(a), String(b));
    case 20:
    case 25:
      return compareEntries(entriesOf(a), entriesOf(b));
    case 30: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return sign(x.length - y.length);
      const st = binarySubtype(a) - binarySubtype(b);
      return st !== 0 ? sign(st) : compareBytes(x, y);
    }
    case 35:
      return compareStrings(hexOf(a), hexOf(b));
    case 40:
      return sign(Number(a) - Number(b));
    case 45:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 47: {
      const [at, ai] = timestampParts(a);
      const [bt, bi] = timestampParts(b);
      return at !== bt ? sign(at - bt) : sign(ai - bi);
    }
    case 50: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x.pattern, y.pattern) || compareStrings(x.options, y.options);
    }
    case 60:
    case 65:
      return compareStrings(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
    default:
      return 0; // minKey, maxKey, null, missing: one value each
  }
}

function compareEntries(a: Array<[string, unknown]>, b: Array<[string, unknown]>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = a[i];
    const [kb, vb] = b[i];
    const byType = sign(canonicalRank(bsonTypeOf(va)) - canonicalRank(bsonTypeOf(vb)));
    if (byType !== 0) return byType;
    const byName = compareStrings(ka, kb);
    if (byName !== 0) return byName;
    const byValue = compareBson(va, vb);
    if (byValue !== 0) return byValue;
  }
  return sign(a.length - b.length);
}

/**
 * A string equal for two values exactly when MongoDB finds them equal (`bsonEquals`), with null, undefined
 * and missing sharing one key as they do for `$in: [null]` and `$group`. Decimal128 is approximated by a
 * double, as in `compareBson`.
 */
export function equalityKey(v: unknown): string {
  const type = bsonTypeOf(v);
  switch (canonicalRank(type)) {
    case 0:
    case 5:
      return 'null';
    case 10: {
      const n = numericValue(v);
      return `n:${typeof n === 'number' && Object.is(n, -0) ? 0 : String(n)}`;
    }
    case 15:
      return `s:${JSON.stringify(type === 'symbol' ? String((v as { value?: unknown }).value ?? v) : v)}`;
    case 20:
    case 25:
      return `${type === 'array' ? '[' : '{'}${entriesOf(v)
        .map(([k, x]) => `${JSON.stringify(k)}:${equalityKey(x)}`)
        .join(',')}${type === 'array' ? ']' : '}'}`;
    case 30:
      return `bin:${binarySubtype(v)}:${Buffer.from(bytesOf(v)).toString('base64')}`;
    case 35:
      return `oid:${hexOf(v)}`;
    case 45:
      return `date:${(v as Date).getTime()}`;
    case 50: {
      const { pattern, options } = regexParts(v);
      return `re:${options}:${pattern}`;
    }
    default:
      return `${type}:${compareKeyFallback(v)}`;
  }
}

function compareKeyFallback(v: unknown): string {
  if (v === true || v === false) return String(v);
  const json = (v as { toJSON?: () => unknown })?.toJSON?.();
  return JSON.stringify(json ?? String(v));
}

/** MongoDB equality between two values (numbers of any BSON type compare by value, key order matters). */
export function bsonEquals(a: unknown, b: unknown): boolean {
  return canonicalRank(bsonTypeOf(a)) === canonicalRank(bsonTypeOf(b)) && compareBson(a, b) === 0;
}

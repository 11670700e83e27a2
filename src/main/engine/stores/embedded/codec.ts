/**
 * How the embedded store writes a document as JSON and reads it back.
 *
 * The stored form is canonical Extended JSON (`{"$oid": ...}`, `{"$date": {"$numberLong": ...}}`,
 * `{"$binary": ...}`, ...) except that ordinary numbers and strings are plain JSON, so that jsonb
 * containment and SQL grouping see them as they are. Values whose plain JSON form would lose information
 * (Long, Decimal128, integral Doubles, -0, NaN, infinities; strings with NUL, which jsonb refuses) keep a
 * wrapper, and the encoder reports them through `EncodeFlags` so the prefilter can stop trusting plain
 * numbers or strings once such values exist. Key order is kept (the column is `json`, not `jsonb`).
 * A plain integer-valued number is an int32 or an int64 by its range, as the engine writes numbers to
 * MongoDB too (integers.ts); integers beyond 2^53 keep a `$numberLong` wrapper and read back as bigints.
 *
 * Decoding gives the BSON view the matcher needs (Long and Double wrappers kept for `$type`);
 * `toReturned` then gives what the MongoDB driver returns with its default options.
 */
import { Binary, BSONRegExp, Decimal128, Double, EJSON, Long, ObjectId } from 'bson';
import { InvalidInputError } from '#shared/errors';
import { checkInt64, fromInt64, isInt32Number, isInt64Number } from '../../integers';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the encoded documents contain that changes which prefilters are safe. */
export interface EncodeFlags {
  /** A number stored in a wrapper (Long, Decimal128, integral Double, -0, NaN, infinities). */
  exoticNumbers: boolean;
  /** A string stored in a wrapper (NUL inside, or a BSON symbol). */
  exoticStrings: boolean;
  /** A plain object whose first key looks like a wrapper, stored inside `{"$dlObject": ...}`. */
  wrappedObjects: boolean;
  /**
   * Every dotted path (array positions skipped, as MongoDB's traversal does) at which some stored document
   * held an array; null when unknown (a store from before this was tracked, or too many paths), which
   * means "arrays may be anywhere". The prefilter leaves out array shapes at paths that never held one.
   */
  arrayPaths: Set<string> | null;
}

export const noFlags = (): EncodeFlags => ({
  exoticNumbers: false,
  exoticStrings: false,
  wrappedObjects: false,
  arrayPaths: null,
});

/** How deep array paths are recorded; the prefilter translates no deeper paths. */
export const ARRAY_PATH_DEPTH = 4;
/** Past this many distinct array paths, tracking stops (arrayPaths becomes null: arrays anywhere). */
const MAX_ARRAY_PATHS = 2000;

/** Records the array paths of one encoded document into `flags.arrayPaths` (when tracked). */
export function recordArrayPaths(doc: Json, flags: EncodeFlags): void {
  if (!flags.arrayPaths) return;
  const paths = flags.arrayPaths;
  const walk = (value: Json, prefix: string, depth: number): void => {
    if (Array.isArray(value)) {
      if (prefix) paths.add(prefix);
      for (const el of value) walk(el, prefix, depth);
    } else if (value !== null && typeof value === 'object' && depth < ARRAY_PATH_DEPTH) {
      for (const key of Object.keys(value)) walk(value[key], prefix ? `${prefix}.${key}` : key, depth + 1);
    }
  };
  walk(doc, '', 0);
  if (paths.size > MAX_ARRAY_PATHS) flags.arrayPaths = null;
}

/** First keys that mark a wrapper in the stored form. */
const WRAPPER_KEYS = new Set([
  '$oid',
  '$date',
  '$binary',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$timestamp',
  '$regularExpression',
  '$minKey',
  '$maxKey',
  '$code',
  '$symbol',
  '$dbPointer',
  '$ref',
  '$uuid',
  '$undefined',
  '$dlString',
  '$dlObject',
]);

const toWellFormed = (s: string): string => (s as unknown as { toWellFormed(): string }).toWellFormed();

/** Encodes one value (a document, or a filter value) into its stored JSON form. */
export function encodeValue(v: unknown, flags: EncodeFlags): Json {
  switch (typeof v) {
    case 'string': {
      // The driver writes lone surrogates as U+FFFD (UTF-8); do the same so filters compare alike.
      const s = toWellFormed(v);
      if (!s.includes('\u0000')) return s;
      flags.exoticStrings = true;
      return { $dlString: encodeURIComponent(s) };
    }
    case 'number':
      // Integers beyond 2^53 would lose their int64 kind (and exactness) as plain JSON numbers.
      if (Number.isFinite(v) && !Object.is(v, -0) && !(isInt64Number(v) && !Number.isSafeInteger(v)))
        return v;
      flags.exoticNumbers = true;
      if (Number.isInteger(v) && !Object.is(v, -0)) return { $numberLong: BigInt(v).toString() };
      return { $numberDouble: Object.is(v, -0) ? '-0.0' : String(v) };
    case 'boolean':
      return v;
    case 'bigint':
      flags.exoticNumbers = true;
      return { $numberLong: checkInt64(v, '').toString() };
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, flags));
  if (v instanceof Date) {
    const ms = v.getTime();
    return { $date: { $numberLong: String(Number.isNaN(ms) ? 0 : ms) } };
  }
  if (v instanceof RegExp) {
    return {
      $regularExpression: {
        pattern: v.source,
        options: [...v.flags.replace(/[^imsux]/g, '')].sort().join(''),
      },
    };
  }
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return { $binary: { base64: Buffer.from(bytes).toString('base64'), subType: '00' } };
  }
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag !== undefined) return encodeBsonClass(v as object, tag, flags);
  return encodeObject(v as Record<string, unknown>, flags);
}

function encodeObject(obj: Record<string, unknown>, flags: EncodeFlags): Json {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    // Like the driver with ignoreUndefined (as the MongoDB store opens it): undefined fields are left out.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (key.includes('\u0000'))
      throw new InvalidInputError(`Field names cannot contain NUL characters: ${JSON.stringify(key)}`);
    setOwn(out, toWellFormed(key), encodeValue(value, flags));
  }
  const first = Object.keys(out)[0];
  if (first !== undefined && WRAPPER_KEYS.has(first)) {
    flags.wrappedObjects = true;
    return { $dlObject: out };
  }
  return out;
}

function encodeBsonClass(v: object, tag: string, flags: EncodeFlags): Json {
  switch (tag) {
    case 'ObjectId':
    case 'ObjectID':
      return { $oid: (v as ObjectId).toHexString() };
    case 'Binary': {
      const bin = v as Binary;
      const bytes = bin.buffer.subarray(0, bin.position);
      return {
        $binary: {
          base64: Buffer.from(bytes).toString('base64'),
          subType: bin.sub_type.toString(16).padStart(2, '0'),
        },
      };
    }
    case 'Int32':
      return (v as { value: number }).value;
    case 'Double': {
      const x = (v as Double).value;
      // A plain integer-valued number reads back as int32 or int64, so such a Double keeps its wrapper.
      const plain = Number.isFinite(x) && !Object.is(x, -0) && !isInt32Number(x) && !isInt64Number(x);
      if (plain) return x;
      flags.exoticNumbers = true;
      return EJSON.serialize(v, { relaxed: false }) as Json;
    }
    case 'Long':
    case 'Decimal128':
      flags.exoticNumbers = true;
      return EJSON.serialize(v, { relaxed: false }) as Json;
    case 'BSONSymbol':
      flags.exoticStrings = true;
      return EJSON.serialize(v, { relaxed: false }) as Json;
    default:
      // Timestamp, BSONRegExp, Code, MinKey, MaxKey, DBRef: their canonical Extended JSON.
      return EJSON.serialize(v, { relaxed: false }) as Json;
  }
}

// Counts Long/Double wrappers made while decoding (decoding is synchronous), so that `toReturned` can skip
// its walk for the usual documents that hold none.
let numberWrappers = 0;

/** A decoded document in the matcher's view, and whether `toReturned` has numbers to unwrap. */
export interface Decoded {
  doc: Record<string, unknown>;
  hasNumberWrappers: boolean;
}

export function decodeDocument(json: unknown): Decoded {
  numberWrappers = 0;
  const doc = decodeValue(json) as Record<string, unknown>;
  return { doc, hasNumberWrappers: numberWrappers > 0 };
}

/** Decodes a stored value into the matcher's BSON view. */
export function decodeValue(json: unknown): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(decodeValue);
  const obj = json as Record<string, unknown>;
  let first: string | undefined;
  for (const k in obj) {
    first = k;
    break;
  }
  if (first !== undefined && first.charCodeAt(0) === 36 /* $ */ && WRAPPER_KEYS.has(first))
    return decodeWrapper(first, obj);
  return decodeObject(obj);
}

function decodeObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) setOwn(out, k, decodeValue(obj[k]));
  return out;
}

/** Sets an own property, also for the key `__proto__` (a legal field name), which `=` would not. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function decodeWrapper(key: string, obj: Record<string, any>): unknown {
  switch (key) {
    case '$oid':
      return ObjectId.createFromHexString(obj.$oid);
    case '$date': {
      const d = obj.$date;
      return new Date(typeof d === 'object' && d !== null ? Number(d.$numberLong) : d);
    }
    case '$binary':
      return Binary.createFromBase64(obj.$binary.base64, Number.parseInt(obj.$binary.subType, 16));
    case '$numberDouble': {
      const x = Number(obj.$numberDouble === '-0.0' ? '-0' : obj.$numberDouble);
      if (!Number.isInteger(x) || Object.is(x, -0)) return x;
      numberWrappers++;
      return new Double(x);
    }
    case '$numberLong':
      numberWrappers++;
      return Long.fromString(obj.$numberLong);
    case '$numberDecimal':
      return Decimal128.fromString(obj.$numberDecimal);
    case '$numberInt':
      return Number(obj.$numberInt);
    case '$regularExpression': {
      const { pattern, options } = obj.$regularExpression;
      return toRegExp(pattern, options);
    }
    case '$dlString':
      return decodeURIComponent(obj.$dlString);
    case '$dlObject':
      return decodeObject(obj.$dlObject);
    default:
      return EJSON.deserialize(obj, { relaxed: false });
  }
}

function toRegExp(pattern: string, options: string): RegExp | BSONRegExp {
  if (/[^imsu]/.test(options)) return new BSONRegExp(pattern, options);
  try {
    return new RegExp(pattern, options);
  } catch {
    return new BSONRegExp(pattern, options);
  }
}

/**
 * What the MongoDB store hands back, applied in place: Longs that fit 53 bits and Doubles become numbers,
 * larger Longs bigints; a top-level `data` Binary becomes a Buffer (as the MongoDB store does).
 */
export function toReturned({ doc, hasNumberWrappers }: Decoded): Record<string, unknown> {
  if (hasNumberWrappers) for (const k of Object.keys(doc)) doc[k] = promote(doc[k]);
  const data = doc.data;
  if (data instanceof Binary) doc.data = Buffer.from(data.buffer.subarray(0, data.position));
  return doc;
}

/** Unwraps Long (to a number within 53 bits, a bigint beyond) and Double values, in place where it can. */
export function promote(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = promote(v[i]);
    return v;
  }
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag === 'Double') return (v as Double).value;
  if (tag === 'Long') return fromInt64((v as Long).toBigInt());
  if (tag !== undefined || v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return v;
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj)) obj[k] = promote(obj[k]);
  return v;
}

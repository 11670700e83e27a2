/**
 * How integers are stored (spec §1: "numbers keep their kind as PyMongo writes them"). Both stores follow
 * one rule so that Python reads back integers, never floats:
 * - on write, an integer-valued JS number fits int32 → int32; beyond int32 but inside int64 → int64; a
 *   `bigint` → int64 (outside int64 it is refused); every other number (fractions, ±2^63 and beyond,
 *   -0, NaN, infinities) stays a double;
 * - on read, int32 and int64 within ±(2^53 − 1) come back as JS numbers, int64 beyond that as `bigint`.
 */
import { InvalidInputError } from '#shared/errors';

export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;
const TWO_63 = 2 ** 63;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** True for a JS number that is stored as int64: an integer outside int32 that int64 can hold. */
export function isInt64Number(v: number): boolean {
  return Number.isInteger(v) && (v < INT32_MIN || v > INT32_MAX) && v >= -TWO_63 && v < TWO_63;
}

/** True for a JS number that is stored as int32. */
export function isInt32Number(v: number): boolean {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0);
}

/** Throws InvalidInputError unless the bigint fits int64 (naming where it was found). */
export function checkInt64(v: bigint, path: string): bigint {
  if (v < INT64_MIN || v > INT64_MAX) {
    throw new InvalidInputError(
      `The integer ${v} at ${path || 'the top level'} does not fit a 64-bit integer (the largest MongoDB stores)`,
      { path, value: v.toString() },
    );
  }
  return v;
}

/** A read int64 as the engine hands it out: a number within ±(2^53 − 1), a bigint beyond. */
export function fromInt64(v: bigint): number | bigint {
  return v >= SAFE_MIN && v <= SAFE_MAX ? Number(v) : v;
}

const isPlainObject = (v: object): boolean => {
  if (Array.isArray(v) || v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return false;
  if ((v as { _bsontype?: unknown })._bsontype !== undefined) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of `value` in which integer-valued numbers outside int32 are bigints, which the MongoDB driver
 * writes as int64 (it writes every other number as int32 or double itself). Bigints are range-checked.
 * Parts without such numbers are shared, not copied; BSON classes, Dates and bytes pass through.
 */
export function withInt64s(value: unknown, path = ''): unknown {
  switch (typeof value) {
    case 'number':
      return isInt64Number(value) ? BigInt(value) : value;
    case 'bigint':
      return checkInt64(value, path);
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = withInt64s(value[i], `${path}[${i}]`);
      if (next !== value[i]) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(obj)) {
    const next = withInt64s(obj[key], path ? `${path}.${key}` : key);
    if (next !== obj[key]) {
      if (!out) {
        out = {};
        // Same keys in the same order (field order is part of the stored document).
        for (const k of Object.keys(obj)) setOwn(out, k, obj[k]);
      }
      setOwn(out, key, next);
    }
  }
  return out ?? value;
}

/**
 * Replaces, in place, the driver's Long values (which it returns for int64 beyond ±2^53 under its default
 * `promoteLongs`) by bigints, so both stores return the same JS values. Returns the value for convenience.
 */
export function longsToBigInts(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === 'Long') return fromInt64((value as { toBigInt(): bigint }).toBigInt());
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = longsToBigInts(value[i]);
    return value;
  }
  if (!isPlainObject(value)) return value;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v !== null && typeof v === 'object') setOwn(obj, key, longsToBigInts(v));
  }
  return value;
}

/** Sets an own property, also for the key `__proto__` (a legal field name), which `=` would not. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

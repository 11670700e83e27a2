/**
 * Turns the Extended JSON values of a validated filter (`{"$date": ...}`, `{"$oid": ...}`) into BSON
 * values, leaving operator objects alone. bson's EJSON.deserialize would also read `{$regex, $options}`
 * operator objects as legacy regex values, which changes their meaning for mingo; so only true wrappers
 * (see `isEjsonWrapper`) are converted here.
 */
import { QueryValidationError } from '#shared/errors';
import { isEjsonWrapper } from '#shared/query/operators';
import { EJSON } from '../bson';

export function reviveFilter<T>(value: T): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp)
    return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value; // already a BSON value (ObjectId, ...)
  const obj = value as Record<string, unknown>;
  if (isEjsonWrapper(obj)) return reviveWrapper(obj);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = revive(v);
  return out;
}

/** One Extended JSON value; a malformed one is a query error naming it (never a silent 1970 date). */
function reviveWrapper(obj: Record<string, unknown>): unknown {
  let value: unknown;
  try {
    value = EJSON.deserialize(obj, { relaxed: true });
  } catch (err) {
    throw new QueryValidationError(
      `Invalid Extended JSON value ${JSON.stringify(obj)}: ${(err as Error).message}`,
    );
  }
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw new QueryValidationError(`Invalid Extended JSON date ${JSON.stringify(obj)}`);
  }
  return value;
}

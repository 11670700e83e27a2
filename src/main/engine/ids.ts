import { DatumNotFoundError, InvalidInputError } from '#shared/errors';
import { ObjectId } from './bson';

const HEX24 = /^[0-9a-f]{24}$/i;

/** True for a 24-hex string or an ObjectId. */
export function isDatumId(id: unknown): boolean {
  return id instanceof ObjectId || (typeof id === 'string' && HEX24.test(id));
}

/** Parses a datum id for a lookup: a null or malformed id cannot name a datum, so it is "not found". */
export function lookupId(id: unknown): ObjectId {
  if (id instanceof ObjectId) return id;
  if (typeof id === 'string' && HEX24.test(id)) return ObjectId.createFromHexString(id.toLowerCase());
  throw new DatumNotFoundError(
    `Datum not found: ${id === null || id === undefined ? 'null id' : JSON.stringify(id)}`,
    {
      ids: [String(id)],
    },
  );
}

/** Parses an id the caller supplies as a reference (e.g. `derivedFrom`): malformed input is a caller error. */
export function referenceId(id: unknown, what: string): ObjectId {
  if (id instanceof ObjectId) return id;
  if (typeof id === 'string' && HEX24.test(id)) return ObjectId.createFromHexString(id.toLowerCase());
  throw new InvalidInputError(`${what} must be a 24-character hex datum id, got ${JSON.stringify(id)}`, {
    [what]: id,
  });
}

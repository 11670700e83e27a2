/** Which `$`-keys a filter may hold. Shared by the validator and the embedded store's prefilter. */

/** Operators allowed at the top level of a filter (beside field names). */
export const TOP_LEVEL_OPERATORS = new Set(['$and', '$or', '$nor', '$expr', '$comment']);

/** Operators allowed inside a field's operator object, e.g. `{size: {$gt: 3}}`. */
export const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$regex',
  '$options',
  '$not',
  '$all',
  '$elemMatch',
  '$size',
  '$mod',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
]);

/** Operators that run code on the server: refused wherever they appear. */
export const CODE_OPERATORS = new Set(['$where', '$function', '$accumulator']);

/** Real MongoDB operators this app does not support on every store (text and geo search). */
export const UNSUPPORTED_OPERATORS = new Set([
  '$text',
  '$search',
  '$jsonSchema',
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$geometry',
  '$maxDistance',
  '$minDistance',
  '$box',
  '$center',
  '$centerSphere',
  '$polygon',
]);

/** Keys that mark an Extended JSON value wrapper (`{"$date": ...}`), which is a value, not an operator. */
export const EJSON_WRAPPER_KEYS = new Set([
  '$oid',
  '$date',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$binary',
  '$uuid',
  '$regularExpression',
  '$timestamp',
  '$minKey',
  '$maxKey',
  '$symbol',
  '$undefined',
]);

/** True when a plain object is an Extended JSON value wrapper rather than an operator object. */
export function isEjsonWrapper(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0 || !EJSON_WRAPPER_KEYS.has(keys[0])) return false;
  // Legacy regex `{ $regex, $options }` is an operator object in a filter; wrappers never mix with operators.
  return keys.every((k) => EJSON_WRAPPER_KEYS.has(k) || (keys[0] === '$binary' && k === '$type'));
}

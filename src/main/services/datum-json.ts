/**
 * Engine values → the contract's JSON datum shape. BSON values become relaxed Extended JSON, as MongoDB's
 * tools print them: plain numbers, `{"$date": ISO}`, `{"$oid": hex}`, `{"$binary": {base64, subType}}`,
 * `{"$numberLong": "…"}` for integers beyond 2^53, `{"$numberDecimal": "…"}`. A projection keeps only the
 * chosen paths of `data` and `metadata` (through arrays of sub-documents, as MongoDB projects).
 */
import type { DatumJson } from '#shared/contract';
import type { Datum } from '../engine';

const MAX_ISO_DATE = Date.UTC(10000, 0, 1);

export function toExtendedJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $numberDouble: String(value) };
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : { $numberLong: value.toString() };
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return { $date: { $numberLong: 'NaN' } };
    return t >= 0 && t < MAX_ISO_DATE
      ? { $date: value.toISOString() }
      : { $date: { $numberLong: String(t) } };
  }
  if (Array.isArray(value)) return value.map(toExtendedJson);
  if (value instanceof Uint8Array) {
    return { $binary: { base64: Buffer.from(value).toString('base64'), subType: '00' } };
  }
  const bson = (value as { _bsontype?: string })._bsontype;
  if (bson) return bsonToJson(bson, value as Record<string, any>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = toExtendedJson(v);
  }
  return out;
}

function bsonToJson(type: string, v: Record<string, any>): unknown {
  switch (type) {
    case 'ObjectId':
    case 'ObjectID':
      return { $oid: v.toHexString() };
    case 'Binary':
      return {
        $binary: {
          base64: Buffer.from(v.buffer).toString('base64'),
          subType: Number(v.sub_type).toString(16).padStart(2, '0'),
        },
      };
    case 'Long': {
      const text = v.toString();
      return Number.isSafeInteger(Number(text)) ? Number(text) : { $numberLong: text };
    }
    case 'Int32':
    case 'Double':
      return toExtendedJson(v.valueOf());
    case 'Decimal128':
      return { $numberDecimal: v.toString() };
    case 'BSONRegExp':
      return { $regularExpression: { pattern: v.pattern, options: v.options } };
    case 'Timestamp':
      return { $timestamp: { t: v.high ?? v.t, i: v.low ?? v.i } };
    case 'MinKey':
      return { $minKey: 1 };
    case 'MaxKey':
      return { $maxKey: 1 };
    default:
      return typeof v.toJSON === 'function' ? v.toJSON() : String(v);
  }
}

/**
 * Keeps only `paths` of a value (each a list of keys). Through an array, the rest of the path applies to
 * every sub-document in it, as MongoDB's projection does; a path that ends at a value keeps it whole.
 */
export function projectPaths(value: unknown, paths: string[][]): unknown {
  if (paths.some((p) => p.length === 0)) return value;
  if (Array.isArray(value)) {
    return value
      .filter((item) => item !== null && typeof item === 'object' && !Array.isArray(item))
      .map((item) => projectPaths(item, paths));
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  const byHead = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) byHead.set(head, [...(byHead.get(head) ?? []), rest]);
  for (const [head, rests] of byHead) {
    if (!Object.hasOwn(value, head)) continue;
    const projected = projectPaths((value as Record<string, unknown>)[head], rests);
    if (projected !== undefined) out[head] = projected;
  }
  return out;
}

/** The contract's datum, optionally reduced to `fields` (`data.label`, `metadata.project`, …). */
export function toDatumJson(datum: Datum, fields?: string[]): DatumJson {
  let data = toExtendedJson(datum.data);
  let metadata = toExtendedJson(datum.metadata ?? {}) as Record<string, unknown>;
  if (fields) {
    const under = (root: string) =>
      fields.filter((f) => f === root || f.startsWith(`${root}.`)).map((f) => f.split('.').slice(1));
    const dataPaths = under('data');
    data = dataPaths.length === 0 ? undefined : (projectPaths(data, dataPaths) ?? null);
    metadata = (projectPaths(metadata, under('metadata')) ?? {}) as Record<string, unknown>;
  }
  return {
    id: datum.id,
    data: data === undefined ? null : data,
    registryUri: datum.registryUri,
    registryKey: datum.registryKey,
    derivedFrom: datum.derivedFrom,
    metadata,
    addedAt: datum.addedAt.toISOString(),
  };
}

/**
 * Flattens sampled datum documents into the `data.*` / `metadata.*` paths they hold and the types seen
 * at each path. Arrays are a leaf of type `array` (their elements are not walked), BSON values get their
 * own names (`objectId`, `date`, `binary`) so a user can tell an id from a string.
 */
export interface SchemaField {
  path: string;
  types: string[];
  /** How many sampled documents hold this path. */
  count: number;
}

const MAX_DEPTH = 8;
const MAX_FIELDS = 1000;

export function valueType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof Uint8Array) return 'binary';
  const type = typeof value;
  if (type === 'bigint') return 'number';
  if (type !== 'object') return type;
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype === 'ObjectId') return 'objectId';
  if (bsontype === 'Binary') return 'binary';
  if (bsontype === 'Long' || bsontype === 'Int32' || bsontype === 'Double' || bsontype === 'Decimal128')
    return 'number';
  if (bsontype === 'Timestamp') return 'date';
  if (bsontype) return bsontype.toLowerCase();
  return 'object';
}

export function flattenSchema(docs: Array<{ data?: unknown; metadata?: unknown }>): SchemaField[] {
  const fields = new Map<string, { types: Set<string>; docs: number }>();
  for (const doc of docs) {
    const seen = new Map<string, Set<string>>();
    walk('data', doc.data, 0, seen);
    walk('metadata', doc.metadata ?? {}, 0, seen);
    for (const [path, types] of seen) {
      let field = fields.get(path);
      if (!field) {
        if (fields.size >= MAX_FIELDS) continue;
        field = { types: new Set(), docs: 0 };
        fields.set(path, field);
      }
      field.docs++;
      for (const t of types) field.types.add(t);
    }
  }
  return [...fields.entries()]
    .map(([path, f]) => ({ path, types: [...f.types].sort(), count: f.docs }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function walk(path: string, value: unknown, depth: number, seen: Map<string, Set<string>>): void {
  const type = valueType(value);
  const entries = type === 'object' ? Object.entries(value as Record<string, unknown>) : [];
  // A leaf, an empty object, or the depth limit: record the path itself.
  if (type !== 'object' || entries.length === 0 || depth >= MAX_DEPTH) {
    const types = seen.get(path) ?? new Set<string>();
    types.add(type);
    seen.set(path, types);
    return;
  }
  for (const [key, child] of entries) walk(`${path}.${key}`, child, depth + 1, seen);
}

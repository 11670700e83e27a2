/**
 * The fields a condition can name: the schema sample's `data.*` / `metadata.*` paths with their types,
 * plus the datum's own top-level fields, which every datum has.
 */
export interface SchemaField {
  path: string;
  types: string[];
  /** How many sampled datums hold it; undefined for the datum's own fields. */
  count?: number;
}

export const DATUM_FIELDS: readonly SchemaField[] = [
  { path: '_id', types: ['objectId'] },
  { path: 'added_at', types: ['date'] },
  { path: 'registry_uri', types: ['string', 'null'] },
  { path: 'registry_key', types: ['string', 'null'] },
];

/** The sample's fields first (most frequent first), then the datum's own fields. */
export function fieldChoices(sampled: readonly SchemaField[]): SchemaField[] {
  const seen = new Set(sampled.map((f) => f.path));
  const byUse = [...sampled].sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.path.localeCompare(b.path));
  return [...byUse, ...DATUM_FIELDS.filter((f) => !seen.has(f.path))];
}

/** The types known at a path ([] for a path neither the sample nor the datum has). */
export function typesAt(fields: readonly SchemaField[], path: string): string[] {
  return fields.find((f) => f.path === path)?.types ?? DATUM_FIELDS.find((f) => f.path === path)?.types ?? [];
}

/**
 * Why a typed path cannot be written as a field key, or null when it can (an empty path can: the
 * validator then names it as the query's error).
 */
export function fieldPathError(path: string): string | null {
  if (path === '') return null;
  if (path.startsWith('$')) return 'A field path cannot start with "$" (operators go in the operator list)';
  if (path.split('.').some((part) => part === '')) return `"${path}" has an empty part between dots`;
  return null;
}

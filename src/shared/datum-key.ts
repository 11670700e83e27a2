/**
 * What names a datum to a person besides its id: the first of a few well-known `data` fields that holds a
 * short string or number (a class label, a file name). The graph labels nodes with it and cluster searches
 * look in these fields, so both sides agree on what "the key field" is.
 */
export const KEY_FIELDS = ['label', 'filename', 'name', 'class', 'category', 'title'] as const;

export function keyFieldOf(data: unknown): { field: string; value: string } | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const record = data as Record<string, unknown>;
  for (const field of KEY_FIELDS) {
    const v = record[field];
    if (typeof v === 'string' && v.length > 0) return { field, value: v };
    if (typeof v === 'number' && Number.isFinite(v)) return { field, value: String(v) };
  }
  return null;
}

/** `data.type` when it is a string; every other value (missing, null, numbers, arrays) is "no type". */
export function typeOf(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const t = (data as Record<string, unknown>).type;
  return typeof t === 'string' ? t : null;
}

/** The last six hex digits: an ObjectId's counter, which tells siblings of one batch apart. */
export function shortId(id: string): string {
  return id.slice(-6);
}

/** Reading chosen fields out of datums as the host sends them (Extended JSON), and showing them as text. */
import type { DatumJson } from '#shared/contract';

/** The value at a dotted path under `data` or `metadata`; undefined when the datum lacks it. */
export function valueAt(datum: Pick<DatumJson, 'data' | 'metadata'>, path: string): unknown {
  const [root, ...rest] = path.split('.');
  let v: unknown = root === 'data' ? datum.data : root === 'metadata' ? datum.metadata : undefined;
  for (const key of rest) {
    if (v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      // MongoDB paths reach into arrays of documents: collect each element's value.
      const values = v.map((x) =>
        x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[key] : undefined,
      );
      v = values.some((x) => x !== undefined) ? values : undefined;
      continue;
    }
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A cell's text: strings as they are, Extended JSON dates and ids unwrapped, the rest as compact JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.$date === 'string') return o.$date;
    if (
      o.$date &&
      typeof o.$date === 'object' &&
      typeof (o.$date as { $numberLong?: string }).$numberLong === 'string'
    )
      return new Date(Number((o.$date as { $numberLong: string }).$numberLong)).toISOString();
    if (typeof o.$oid === 'string') return o.$oid;
    if (typeof o.$numberLong === 'string') return o.$numberLong;
    if (typeof o.$numberDecimal === 'string') return o.$numberDecimal;
  }
  return JSON.stringify(v);
}

/** Sort order for cell values: numbers by value, then everything else by its text. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const x = formatValue(a);
  const y = formatValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

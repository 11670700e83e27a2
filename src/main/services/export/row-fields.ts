/**
 * The chosen fields of every datum in a batch of rows, fetched with one lookup per column and 1,000 ids
 * (never one per row), as Extended JSON values keyed by `<column>.<field>`.
 */
import type { ExportColumn } from '#shared/contract';
import type { Row } from '#shared/query/types';
import type { Datalake } from '../../engine';
import { toDatumJson } from '../datum-json';

const LOOKUP_BATCH = 1000;

/**
 * The base rows per batch an export asks of the engine: its memory is a batch's rows and documents, so it
 * stays flat however many rows the result has (bench: `npm run bench -- --only=results-export`).
 */
export const EXPORT_BATCH = 10_000;

/** The value at a dotted path of a JSON value (through objects only); undefined when absent. */
export function valueAt(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** The flat keys a row gets: `<column>` for the id, then `<column>.<field>` for each field. */
export function exportKeys(columns: ExportColumn[]): string[] {
  return columns.flatMap((c) => [c.column, ...c.fields.map((f) => `${c.column}.${f}`)]);
}

export async function rowsWithFields(
  dl: Pick<Datalake, 'findData'>,
  rows: Row[],
  columns: ExportColumn[],
): Promise<Array<Record<string, unknown>>> {
  const values = new Map<string, Map<string, unknown>>(); // column → id → datum json
  for (const c of columns) {
    const byId = new Map<string, unknown>();
    values.set(c.column, byId);
    if (c.fields.length === 0) continue;
    const ids = [...new Set(rows.map((r) => r[c.column]).filter((id): id is string => Boolean(id)))];
    for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
      const found = await dl.findData(ids.slice(i, i + LOOKUP_BATCH));
      for (const d of found) if (d) byId.set(d.id, toDatumJson(d, c.fields));
    }
  }
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      const id = row[c.column];
      out[c.column] = id ?? null;
      const datum = id ? values.get(c.column)!.get(id) : undefined;
      for (const f of c.fields)
        out[`${c.column}.${f}`] = datum === undefined ? null : (valueAt(datum, f.split('.')) ?? null);
    }
    return out;
  });
}

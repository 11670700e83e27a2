/** Where a result row leads: the datum inspector for one id, the derivation graph for the row's chain. */
import type { Row } from '#shared/query/types';

export const datumHref = (id: string): string => `#/datum/${encodeURIComponent(id)}`;

/** `#/graph/<id>?row=<id1>,<id2>,…`: the graph focused on `id`, with the row's ids in column order. */
export function lineageHref(row: Row, columns: string[], focusId: string): string {
  const ids = columns.map((c) => row[c]).filter((id): id is string => typeof id === 'string');
  return `#/graph/${encodeURIComponent(focusId)}?row=${ids.join(',')}`;
}

/** A row as copied: the row exactly as the engine returns it, as indented JSON. */
export function rowJson(row: Row, columns: string[]): string {
  const out: Row = {};
  for (const c of columns) if (row[c] !== undefined) out[c] = row[c];
  return JSON.stringify(out, null, 2);
}

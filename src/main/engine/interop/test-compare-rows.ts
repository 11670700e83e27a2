/** Test tooling: compares the engine's query result with the Python library's for one query case. */
import { expect } from 'vitest';
import type { Row, TransposedResult } from '#shared/query/types';
import type { QueryCase } from './test-query-cases';

const rowKey = (row: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  );

/** Transposed results back to rows, so that every case compares the same way. */
function asRows(result: unknown, transpose: boolean | undefined): Array<Record<string, unknown>> {
  if (!transpose) return result as Array<Record<string, unknown>>;
  const columns = result as TransposedResult;
  const length = Math.max(0, ...Object.values(columns).map((ids) => ids.length));
  return Array.from({ length }, (_, i) =>
    Object.fromEntries(Object.entries(columns).map(([column, ids]) => [column, ids[i]])),
  );
}

export function compareQueryResults(
  c: QueryCase,
  engine: Row[] | TransposedResult,
  python: unknown,
  fullLabelled: Row[] | TransposedResult,
  options: { dropId?: boolean } = {},
): void {
  let theirs = asRows(python, c.transpose);
  // The aggregation version keeps `_id` in every row (a documented difference).
  if (options.dropId) theirs = theirs.map(({ _id, ...rest }) => rest);
  const ours = asRows(engine, c.transpose);
  if (c.transpose) {
    // Same columns either way, including for an empty result.
    expect([c.name, Object.keys(engine).sort()]).toEqual([
      c.name,
      Object.keys(python as object)
        .filter((k) => !(options.dropId && k === '_id'))
        .sort(),
    ]);
  }
  switch (c.compare) {
    case 'ordered':
      expect([c.name, ours]).toEqual([c.name, theirs]);
      break;
    case 'set':
      expect([c.name, ours.map(rowKey).sort()]).toEqual([c.name, theirs.map(rowKey).sort()]);
      break;
    case 'subset': {
      const valid = new Set(asRows(fullLabelled, false).map(rowKey));
      expect([c.name, ours.length]).toEqual([c.name, theirs.length]);
      for (const row of [...ours, ...theirs])
        expect([c.name, valid.has(rowKey(row))]).toEqual([c.name, true]);
      break;
    }
  }
}

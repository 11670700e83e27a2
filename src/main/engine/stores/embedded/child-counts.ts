/**
 * `countChildrenBy(parents, path)` on the embedded store: one grouped statement over the derived_from
 * index, with the same value rules as `countBy` (the JSON text at the path, decoded; rows whose path crosses
 * an array, or any row once wrapped objects exist, are grouped in JS with the aggregation path rules).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { ChildGroup } from '../store';
import { equalityKey, MISSING } from './bson-values';
import { decodeDocument, decodeValue, type EncodeFlags, promote } from './codec';
import { aggregationPathValue } from './path-values';

export async function countChildrenInSql(
  db: PGlite,
  parentIds: string[],
  path: string,
  flags: EncodeFlags,
): Promise<ChildGroup[]> {
  const parents = [...new Set(parentIds.map((p) => p.toLowerCase()))];
  if (parents.length === 0) return [];
  const parts = path.split('.');
  const groups = new Map<string, ChildGroup>();
  const add = (parent: string, value: unknown, count: number) => {
    const v = value === MISSING || value === undefined ? null : value;
    const key = `${parent}\u0000${equalityKey(v)}`;
    const g = groups.get(key);
    if (g) g.count += count;
    else groups.set(key, { parent, value: v, count });
  };
  const inJs = async (where: string, params: unknown[]) => {
    const { rows } = await db.query<{ p: string; doc: unknown }>(
      `SELECT derived_from AS p, doc FROM datum WHERE derived_from = ANY($1::text[]) AND (${where})`,
      params,
    );
    for (const r of rows) {
      const v = aggregationPathValue(decodeDocument(r.doc).doc, parts);
      add(r.p, v === MISSING ? MISSING : promote(v), 1);
    }
  };
  if (flags.wrappedObjects) {
    // A wrapped object hides its fields from SQL paths: group every child in JS.
    await inJs('TRUE', [parents]);
    return [...groups.values()];
  }
  const params: unknown[] = [parents, parts];
  const crosses = crossesArray(parts, params);
  const { rows } = await db.query<{ p: string; v: string | null; n: number }>(
    `SELECT derived_from AS p, (doc #> $2::text[])::text AS v, count(*)::float8 AS n FROM datum
     WHERE derived_from = ANY($1::text[]) AND NOT (${crosses}) GROUP BY 1, 2`,
    params,
  );
  for (const r of rows) add(r.p, r.v === null ? MISSING : promote(decodeValue(JSON.parse(r.v))), Number(r.n));
  if (parts.length > 1) {
    const jsParams: unknown[] = [parents];
    await inJs(crossesArray(parts, jsParams), jsParams);
  }
  return [...groups.values()];
}

/** SQL that is true when the path crosses an array before its last part (aggregation maps over it). */
function crossesArray(parts: string[], params: unknown[]): string {
  const tests: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    tests.push(`coalesce(json_typeof(doc #> $${params.push(parts.slice(0, i))}::text[]) = 'array', false)`);
  }
  return tests.length ? tests.join(' OR ') : 'FALSE';
}

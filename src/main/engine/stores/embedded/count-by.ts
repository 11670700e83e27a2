/**
 * `countBy(path, filter)`: what `[{$match}, {$group: {_id: "$path", count: {$sum: 1}}}]` gives on MongoDB.
 * In SQL when the filter is exact: rows are grouped by the JSON text at the path (the stored form is
 * canonical, and `json` keeps key order, which MongoDB's group keys respect); rows whose path crosses an
 * array follow the aggregation rule for arrays (map over the elements) and are grouped in JS. Groups whose
 * values are equal for MongoDB but stored differently (1 and Long 1) are merged.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Group } from '../store';
import { compareBson, equalityKey, MISSING } from './bson-values';
import { decodeDocument, decodeValue, promote } from './codec';
import { aggregationPathValue } from './path-values';

export type { Group };

export interface PlanLike {
  from: string;
  where: string;
  params: unknown[];
}

const PAGE = 5000;

/** Groups merged by MongoDB equality; biggest first. */
export class Groups {
  private readonly map = new Map<string, Group>();
  add(value: unknown, count: number): void {
    const key = equalityKey(value);
    const g = this.map.get(key);
    if (g) g.count += count;
    else this.map.set(key, { value: value === MISSING || value === undefined ? null : value, count });
  }
  result(): Group[] {
    return [...this.map.values()].sort((a, b) => b.count - a.count || compareBson(a.value, b.value));
  }
}

/**
 * Groups the documents of an exact plan in SQL (JS only for rows whose path crosses an array), into
 * `groups` (so that the chunks of one long count add up).
 */
export async function countBySql(
  db: PGlite,
  path: string,
  plan: PlanLike,
  groups = new Groups(),
): Promise<Group[]> {
  const parts = path.split('.');
  const params = [...plan.params];
  const pathParam = `$${params.push(parts)}::text[]`;
  const { rows } = await db.query<{ v: string | null; n: number }>(
    `SELECT (doc #> ${pathParam})::text AS v, count(*)::float8 AS n FROM datum
     WHERE (${plan.where}) AND NOT (${crossesArray(parts, params)}) GROUP BY 1`,
    params,
  );
  for (const r of rows)
    groups.add(r.v === null ? MISSING : promote(decodeValue(JSON.parse(r.v))), Number(r.n));
  if (parts.length > 1) {
    let last = 0;
    for (;;) {
      const pageParams = [...plan.params];
      const crosses = crossesArray(parts, pageParams);
      const page = await db.query<{ seq: number; doc: unknown }>(
        `SELECT seq, doc FROM ${plan.from} WHERE (${plan.where}) AND (${crosses}) AND seq > $${pageParams.push(last)}::bigint
         ORDER BY seq LIMIT ${PAGE}`,
        pageParams,
      );
      for (const r of page.rows) groups.add(valueAt(decodeDocument(r.doc).doc, parts), 1);
      if (page.rows.length < PAGE) break;
      last = page.rows[page.rows.length - 1].seq;
    }
  }
  return groups.result();
}

/** SQL that is true when the path crosses an array before its last part (aggregation maps over it). */
function crossesArray(parts: string[], params: unknown[]): string {
  const tests: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    tests.push(`coalesce(json_typeof(doc #> $${params.push(parts.slice(0, i))}::text[]) = 'array', false)`);
  }
  return tests.length ? tests.join(' OR ') : 'FALSE';
}

/** Groups already-filtered documents in JS, into `groups`. */
export async function countByInJs(
  path: string,
  docs: AsyncIterable<Record<string, unknown>>,
  groups = new Groups(),
): Promise<Group[]> {
  const parts = path.split('.');
  for await (const doc of docs) groups.add(valueAt(doc, parts), 1);
  return groups.result();
}

function valueAt(doc: Record<string, unknown>, parts: string[]): unknown {
  const v = aggregationPathValue(doc, parts);
  return v === MISSING ? MISSING : promote(v);
}

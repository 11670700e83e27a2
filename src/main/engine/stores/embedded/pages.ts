/**
 * How the embedded store reads the rows of a plan: keyset pages, candidate lists, or one statement,
 * depending on the plan and on what the caller will read.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { FindSpec } from '../store';
import { columns, type DocColumn, KEY_COLUMNS, type Plan } from './find-plan';
import { keysetAfter, type Row } from './rows';

export const MAX_PAGE = 20_000;

export interface PageSpec {
  plan: Plan;
  sort: FindSpec['sort'];
  doc: DocColumn;
  batchSize: number;
  limit: number;
  /** One keyset page first, so the caller gets its first batch quickly. */
  quickFirst: boolean;
  /** Later pages may grow up to this size. */
  growTo: number;
  /** The caller reads every key: one sorted statement. */
  whole: boolean;
}

/**
 * Rows of a plan in the requested order, page by page. Exact plans and plans without SQL conditions
 * use keyset pagination (each page an index range). A plan with an inexact prefilter lists its
 * candidates' `seq` once — one bitmap scan rather than one per page, which the planner might otherwise
 * replace by an order-index walk re-checking every row — and fetches them in growing chunks; when the
 * caller wants its first batch quickly, one keyset page comes first.
 */
export async function* readPages(live: () => PGlite, spec: PageSpec): AsyncGenerator<Row[]> {
  const { plan, sort, doc, batchSize, limit, quickFirst, whole } = spec;
  const growTo = spec.growTo;
  if (plan.exact && plan.byParents && !sort && !Number.isFinite(limit) && doc === 'none') {
    // The keys of a parent batch's children, in no particular order: one statement, no sort, no
    // pages. The parent list bounds the rows, and the caller collects them all anyway.
    const params = [...plan.params];
    const { rows } = await live().query<Row>(
      `SELECT ${KEY_COLUMNS} FROM ${plan.from} WHERE ${plan.where}`,
      params,
    );
    if (rows.length > 0) yield rows;
    return;
  }
  const order =
    sort === 'latest' ? 'added_at DESC, id DESC' : sort === 'earliest' ? 'added_at ASC, id ASC' : 'seq ASC';
  if (whole) {
    // The caller reads every key: a quick first page, then the rest in one sorted statement, which costs
    // less than many keyset pages, each of which would walk or bitmap-scan the matches again.
    // The first page is a top-N over the matches: no full sort, and only its rows cross into JS, so the
    // first rows do not wait for the whole set. With a condition, `+ 0` keeps the planner off an
    // order-index walk that may re-check most of the table before it finds a page of matches.
    const hidden = plan.conditional ? order.replace(/(added_at|seq)/g, '$1 + 0') : order;
    const topN = async () => {
      const firstParams = [...plan.params];
      const { rows } = await live().query<Row>(
        `SELECT ${columns('none', firstParams)} FROM ${plan.from} WHERE ${plan.where} ORDER BY ${hidden} LIMIT ${batchSize}`,
        firstParams,
      );
      return rows;
    };
    const first =
      (sort && (await typeOrderedPage(live(), plan, sort, 'none', batchSize, null))) || (await topN());
    if (first.length > 0) yield first;
    if (first.length < batchSize) return;
    const params = [...plan.params];
    const keyset = keysetAfter(first[first.length - 1], sort, params, plan.conditional ? ' + 0' : '');
    const { rows } = await live().query<Row>(
      `SELECT ${KEY_COLUMNS} FROM ${plan.from} WHERE ${plan.where}${keyset} ORDER BY ${hidden}`,
      params,
    );
    if (rows.length > 0) yield rows;
    return;
  }
  let pageSize = Math.min(
    MAX_PAGE,
    plan.exact && Number.isFinite(limit) ? Math.min(batchSize, limit) : batchSize,
  );
  const listCandidates = !plan.exact && plan.conditional;
  let last: Row | null = null;
  // Pages through the type's order index until one does not fill (sparse matches), then as planned.
  let probing = sort !== undefined && plan.typeKey !== null;
  while (!listCandidates || quickFirst) {
    let rows: Row[] | null =
      probing && sort ? await typeOrderedPage(live(), plan, sort, doc, pageSize, last) : null;
    if (rows === null) {
      probing = false;
      const params = [...plan.params];
      const keyset = keysetAfter(last, sort, params);
      const cols = columns(doc, params);
      const sql = `SELECT ${cols} FROM ${plan.from} WHERE ${plan.where}${keyset} ORDER BY ${order} LIMIT ${pageSize}`;
      rows = (await live().query<Row>(sql, params)).rows;
    }
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1];
    // Pages grow (up to what the caller allows), so a long scan takes few queries after a quick first page.
    pageSize = Math.min(
      MAX_PAGE,
      plan.exact ? Math.max(pageSize, Math.min(growTo, pageSize * 2)) : pageSize * 2,
    );
    if (listCandidates) break;
  }
  // `+ 0` hides the order columns from their indexes, so the planner filters by the prefilter's
  // indexes and sorts the candidates, instead of walking the whole order index re-checking each row.
  const params = [...plan.params];
  const keyset = keysetAfter(last, sort, params, ' + 0');
  const { rows: candidates } = await live().query<{ seq: number }>(
    `SELECT seq FROM ${plan.from} WHERE ${plan.where}${keyset} ORDER BY ${order.replace(/(added_at|seq)/g, '$1 + 0')}`,
    params,
  );
  for (let i = 0; i < candidates.length; i += pageSize, pageSize = Math.min(MAX_PAGE, pageSize * 2)) {
    const seqs = candidates.slice(i, i + pageSize).map((c) => c.seq);
    const chunkParams: unknown[] = [seqs];
    const cols = columns(doc, chunkParams);
    const { rows } = await live().query<Row>(
      `SELECT ${cols} FROM datum WHERE seq = ANY($1::bigint[])`,
      chunkParams,
    );
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    const ordered = seqs.map((q) => bySeq.get(Number(q))).filter((r): r is Row => r !== undefined); // deleted meanwhile
    if (ordered.length > 0) yield ordered;
  }
}

/** Rows of the type read per wanted row before `typeOrderedPage` gives up. */
const TYPE_PROBE_FACTOR = 4;

/**
 * A page of a sorted read of one `data.type`, through `datum_type_order`: the next rows of the type after
 * `last` in the read's order (a fenced index range), then the plan's conditions. Exact when it fills the
 * page: every match outside the range comes after every row in it. Null when it does not fill (matches
 * are sparse among the type): the caller then asks the planner. The planner cannot choose this itself: it
 * takes a containment to match 0.1% of rows, and so prefers sorting every match of a GIN scan (100k
 * images, a third of a second) for a page of 1,000.
 */
async function typeOrderedPage(
  db: PGlite,
  plan: Plan,
  sort: 'latest' | 'earliest',
  doc: DocColumn,
  size: number,
  last: Row | null,
): Promise<Row[] | null> {
  if (plan.typeKey === null) return null;
  const dir = sort === 'latest' ? 'DESC' : 'ASC';
  const params = [...plan.params];
  const type = `$${params.push(plan.typeKey)}::text`;
  const keyset = keysetAfter(last, sort, params);
  // A range rather than `=`, and the type first in ORDER BY: with an equality the planner drops the type
  // from the order and may walk `datum_added_at` instead, past every newer datum of other types.
  const expr = `(body #>> '{data,type}')`;
  const range = `SELECT * FROM datum WHERE ${expr} >= ${type} AND ${expr} <= ${type}${keyset}
    ORDER BY ${expr} ${dir}, added_at ${dir}, id ${dir} LIMIT ${size * TYPE_PROBE_FACTOR} OFFSET 0`;
  const cols = columns(doc, params);
  const { rows } = await db.query<Row>(
    `SELECT ${cols} FROM (${range}) AS datum WHERE ${plan.where} ORDER BY added_at ${dir}, id ${dir} LIMIT ${size}`,
    params,
  );
  return rows.length === size ? rows : null;
}

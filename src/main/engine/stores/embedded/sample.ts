/**
 * Random samples from the embedded store (schema sampling, the `random` strategy's helpers).
 * Without a filter, random `seq` values are drawn and looked up through the seq index: each stored row is
 * equally likely and nothing walks the table (a random order of every id takes about a second on 350k
 * datums). With a filter: a random order of the candidates' ids, then documents in that order until
 * enough match the exact filter.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { DatumDocument } from '../../types';
import { decodeDocument, toReturned } from './codec';
import type { Plan } from './find-plan';

/** Below this many rows per wanted document, a random order of all ids is cheap enough. */
const WHOLE_TABLE_RATIO = 4;
const ROUNDS = 6;

export async function sampleDocuments(
  db: PGlite,
  plan: Plan,
  size: number,
  rowCount: number,
): Promise<DatumDocument[]> {
  const wanted = Math.floor(size);
  if (wanted <= 0) return [];
  if (plan.exact && !plan.conditional && rowCount > wanted * WHOLE_TABLE_RATIO) {
    const drawn = await drawBySeq(db, wanted, rowCount);
    if (drawn) return drawn;
  }
  return sampleByRandomOrder(db, plan, wanted);
}

/** Draws distinct random seqs until `wanted` rows were found; null when the table is too sparse for it. */
async function drawBySeq(db: PGlite, wanted: number, rowCount: number): Promise<DatumDocument[] | null> {
  const { rows } = await db.query<{ lo: number | null; hi: number | null }>(
    'SELECT min(seq)::float8 AS lo, max(seq)::float8 AS hi FROM datum',
  );
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  if (lo === null || hi === null || lo === undefined || hi === undefined) return [];
  const span = hi - lo + 1;
  const density = rowCount / span;
  const tried = new Set<number>();
  const out: DatumDocument[] = [];
  for (let round = 0; round < ROUNDS && out.length < wanted; round++) {
    const draws = Math.ceil(((wanted - out.length) / Math.max(density, 0.05)) * 1.2) + 8;
    // Distinct draws get slow once most seqs were tried: leave that to the random order instead.
    if (tried.size + draws > span / 2) return null;
    const seqs: number[] = [];
    while (seqs.length < draws) {
      const seq = lo + Math.floor(Math.random() * span);
      if (tried.has(seq)) continue;
      tried.add(seq);
      seqs.push(seq);
    }
    const { rows: found } = await db.query<{ seq: number; doc: unknown }>(
      'SELECT seq, doc FROM datum WHERE seq = ANY($1::bigint[])',
      [seqs],
    );
    const bySeq = new Map(found.map((r) => [Number(r.seq), r.doc]));
    for (const seq of seqs) {
      if (out.length >= wanted) break;
      const doc = bySeq.get(seq);
      if (doc !== undefined) out.push(toReturned(decodeDocument(doc)) as unknown as DatumDocument);
    }
  }
  return out.length >= wanted ? out : null;
}

async function sampleByRandomOrder(db: PGlite, plan: Plan, wanted: number): Promise<DatumDocument[]> {
  // A random order of the candidates' ids (small), then documents in that order until enough match.
  const limit = plan.exact ? ` LIMIT ${wanted}` : '';
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${plan.from} WHERE ${plan.where} ORDER BY random()${limit}`,
    plan.params,
  );
  const out: DatumDocument[] = [];
  const chunk = Math.max(100, wanted * 2);
  for (let i = 0; i < rows.length && out.length < wanted; i += chunk) {
    const ids = rows.slice(i, i + chunk).map((r) => r.id);
    const { rows: docs } = await db.query<{ id: string; doc: unknown }>(
      'SELECT id, doc FROM datum WHERE id = ANY($1::text[])',
      [ids],
    );
    const byId = new Map(docs.map((d) => [d.id, d.doc]));
    for (const id of ids) {
      if (out.length >= wanted) break;
      const stored = byId.get(id);
      if (stored === undefined) continue; // deleted meanwhile
      const decoded = decodeDocument(stored);
      if (plan.matcher && !plan.matcher(decoded.doc)) continue;
      out.push(toReturned(decoded) as unknown as DatumDocument);
    }
  }
  return out;
}

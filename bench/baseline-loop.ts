/**
 * The per-row baseline: the Python library's original loop algorithm (one store query per row and per
 * derived level), re-implemented over the engine's Store interface. Returns rows in the same shape.
 */
import { planQuery } from '../src/main/engine/query/plan';
import type { Store } from '../src/main/engine/stores/store';
import type { DatumKeys } from '../src/main/engine/types';

export async function perRowQuery(
  store: Store,
  query: unknown,
  options: { datumsWanted?: number; maxBaseRows?: number } = {},
): Promise<{ rows: Array<Record<string, string>>; baseRowsVisited: number }> {
  const stages = planQuery(query as never, { datumsWanted: options.datumsWanted });
  const [base, ...derived] = stages;
  const rows: Array<Record<string, string>> = [];
  let visited = 0;
  const sort = base.strategy === 'latest' || base.strategy === 'earliest' ? base.strategy : undefined;
  outer: for await (const batch of store.findKeys({ filter: base.filter, sort, batchSize: 1000 })) {
    for (const b of batch) {
      if (options.maxBaseRows !== undefined && visited >= options.maxBaseRows) break outer;
      visited++;
      const ids: string[] = [b.id];
      let complete = true;
      for (const [i, stage] of derived.entries()) {
        const parent = ids[stage.parent];
        const candidates: DatumKeys[] = [];
        const s = stage.strategy === 'latest' || stage.strategy === 'earliest' ? stage.strategy : undefined;
        for await (const c of store.findKeys({ filter: stage.filter, parentIn: [parent], sort: s, limit: 1 }))
          candidates.push(...c);
        if (stage.strategy === 'missing') {
          if (candidates.length > 0) complete = false;
          ids[i + 1] = parent; // placeholder; missing columns are not output
        } else if (candidates.length === 0) {
          complete = false;
        } else {
          ids[i + 1] = candidates[0].id;
        }
        if (!complete) break;
      }
      if (!complete) continue;
      const row: Record<string, string> = {};
      stages.forEach((st, i) => {
        if (st.strategy !== 'missing') row[st.column] = ids[i];
      });
      rows.push(row);
      if (options.datumsWanted !== undefined && rows.length >= options.datumsWanted) break outer;
    }
  }
  return { rows, baseRowsVisited: visited };
}

/** How one candidate is chosen among a parent's children (spec §3 strategies). */
import type { ObjectId } from 'bson';
import type { Strategy } from '../../../shared/query/types';
import type { DatumKeys } from '../types';

/** Later (added_at, then _id) compares greater; `_id` breaks ties so choices are deterministic. */
function compareKeys(a: DatumKeys, b: DatumKeys): number {
  const dt = a.added_at.getTime() - b.added_at.getTime();
  if (dt !== 0) return dt;
  const ah = a._id.toHexString();
  const bh = b._id.toHexString();
  return ah < bh ? -1 : ah > bh ? 1 : 0;
}

/**
 * Picks one candidate per parent, keyed by the parent's hex id. Candidates arrive in store order;
 * `random` keeps a uniform choice with reservoir sampling (one pass, no per-parent arrays).
 */
export function pickPerParent(
  candidates: DatumKeys[],
  strategy: Exclude<Strategy, 'missing'>,
): Map<string, ObjectId> {
  const chosen = new Map<string, DatumKeys>();
  const seen = strategy === 'random' ? new Map<string, number>() : null;
  for (const c of candidates) {
    if (!c.derived_from) continue;
    const parent = c.derived_from.toHexString();
    const current = chosen.get(parent);
    if (!current) {
      chosen.set(parent, c);
      seen?.set(parent, 1);
      continue;
    }
    switch (strategy) {
      case 'latest':
        if (compareKeys(c, current) > 0) chosen.set(parent, c);
        break;
      case 'earliest':
        if (compareKeys(c, current) < 0) chosen.set(parent, c);
        break;
      case 'random': {
        const n = (seen!.get(parent) ?? 0) + 1;
        seen!.set(parent, n);
        if (Math.random() * n < 1) chosen.set(parent, c);
        break;
      }
      case 'quickest':
        break;
    }
  }
  const ids = new Map<string, ObjectId>();
  for (const [parent, c] of chosen) ids.set(parent, c._id);
  return ids;
}

/** Parents that have at least one candidate (for the `missing` strategy). */
export function parentsWithCandidates(candidates: DatumKeys[]): Set<string> {
  const parents = new Set<string>();
  for (const c of candidates) if (c.derived_from) parents.add(c.derived_from.toHexString());
  return parents;
}

/** Fisher–Yates shuffle in place: a uniformly random order. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

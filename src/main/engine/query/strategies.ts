/** How one candidate is chosen among a parent's children (spec §3 strategies). */
import type { Strategy } from '#shared/query/types';
import type { DatumKeys } from '../types';

/** Later (added_at, then id) compares greater; the id breaks ties so choices are deterministic. */
function compareKeys(a: DatumKeys, b: DatumKeys): number {
  if (a.addedAt !== b.addedAt) return a.addedAt - b.addedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Picks one candidate id per parent id. Candidates arrive in store order; `random` keeps a uniform
 * choice with reservoir sampling (one pass, no per-parent arrays).
 */
export function pickPerParent(
  candidates: DatumKeys[],
  strategy: Exclude<Strategy, 'missing'>,
): Map<string, string> {
  const chosen = new Map<string, DatumKeys>();
  const seen = strategy === 'random' ? new Map<string, number>() : null;
  for (const c of candidates) {
    const parent = c.parent;
    if (parent === null) continue;
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
  const ids = new Map<string, string>();
  for (const [parent, c] of chosen) ids.set(parent, c.id);
  return ids;
}

/** Parents that have at least one candidate (for the `missing` strategy). */
export function parentsWithCandidates(candidates: DatumKeys[]): Set<string> {
  const parents = new Set<string>();
  for (const c of candidates) if (c.parent !== null) parents.add(c.parent);
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

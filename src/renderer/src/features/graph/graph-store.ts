/**
 * The graph's loaded neighbourhood and the user's choices on it. Every step is one call whatever its width:
 * opening asks for the ancestors of the focus (and a row's chain and candidates), each expansion (or depth
 * level) asks for the children of all its parents at once, a cluster's datums come a page at a time.
 */
import { create } from 'zustand';
import type { ChildGroupJson, GraphDatum } from '#shared/contract';
import { getClient } from '../../api/client';
import { childNodeIds, clusterKey, type GraphState } from './graph-model';

export type Selection = { kind: 'datum' | 'cluster' | 'warning'; id: string } | null;

interface GraphStore {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: Error | null;
  /** A note about the address (e.g. a query that is not JSON); the graph still shows. */
  notice: string | null;
  state: GraphState | null;
  depth: number;
  selected: Selection;
  /** Parents whose children are being fetched. */
  pending: Set<string>;
  /** A node whose neighbourhood the view should bring into sight once laid out (after an expansion). */
  reveal: string | null;
  clearReveal(): void;
  open(
    focus: string,
    options: { row: string[] | null; query: unknown; depth: number; notice: string | null },
  ): Promise<void>;
  expand(ids: string[]): Promise<void>;
  collapse(id: string): void;
  toggle(id: string): Promise<void>;
  setDepth(depth: number): Promise<void>;
  setThreshold(threshold: number): Promise<void>;
  setPathOnly(on: boolean): void;
  pullOut(parent: string, type: string | null, datum: GraphDatum): void;
  select(selection: Selection): void;
}

export const DEFAULT_THRESHOLD = 5;
let generation = 0;

const withDatums = (state: GraphState, datums: GraphDatum[]): Record<string, GraphDatum> => {
  const out = { ...state.datums };
  for (const d of datums) out[d.id] = d;
  return out;
};

export const useGraph = create<GraphStore>((set, get) => {
  /** Fetches the children groups of `parents` (one call) and merges them, unless a newer open happened. */
  async function fetchChildren(parents: string[], gen: number): Promise<void> {
    const state = get().state;
    if (!state || parents.length === 0) return;
    set({ pending: new Set([...get().pending, ...parents]) });
    try {
      const { groups } = await getClient().call('graph.children', { parents, expandAt: state.threshold });
      if (gen !== generation) return;
      const current = get().state!;
      const expansions = { ...current.expansions };
      for (const p of parents) expansions[p] = [];
      for (const g of groups) expansions[g.parent] = [...(expansions[g.parent] ?? []), g];
      const datums = groups.flatMap((g: ChildGroupJson) => g.datums ?? []);
      set({ state: { ...current, expansions, datums: withDatums(current, datums) } });
    } finally {
      const pending = new Set(get().pending);
      for (const p of parents) pending.delete(p);
      set({ pending });
    }
  }

  /** Expands the focus, then each next level of individual child nodes, down to `depth`. */
  async function expandToDepth(depth: number, gen: number): Promise<void> {
    let level = [get().state!.focus];
    for (let d = 1; d <= depth && level.length > 0; d++) {
      await fetchChildren(level, gen);
      if (gen !== generation) return;
      level = childNodeIds(get().state!, level).slice(0, 1000);
    }
  }

  return {
    status: 'idle',
    error: null,
    notice: null,
    state: null,
    depth: 1,
    selected: null,
    pending: new Set(),
    reveal: null,
    clearReveal: () => set({ reveal: null }),

    async open(focus, { row, query, depth, notice }) {
      const gen = ++generation;
      const threshold = get().state?.threshold ?? DEFAULT_THRESHOLD;
      set({
        status: 'loading',
        error: null,
        notice,
        state: null,
        depth,
        selected: { kind: 'datum', id: focus },
      });
      try {
        const client = getClient();
        const [rowAnswer, chain] = await Promise.all([
          row
            ? client.call('graph.row', {
                row,
                ...(query !== undefined ? { query: query as Record<string, unknown> | unknown[] } : {}),
              })
            : null,
          client.call('graph.ancestors', { ids: [...new Set([focus, ...(row ?? [])])] }),
        ]);
        if (gen !== generation) return;
        if (chain.unknown.includes(focus)) throw new Error(`No datum with the id ${focus} in this datalake`);
        const candidateDatums = rowAnswer?.stages.flatMap((s) => s.candidateDatums ?? []) ?? [];
        const datums: Record<string, GraphDatum> = {};
        for (const d of [...chain.datums, ...candidateDatums]) datums[d.id] = d;
        set({
          state: {
            focus,
            datums,
            base: chain.datums.map((d) => d.id),
            dangling: chain.dangling,
            expansions: {},
            pulled: {},
            threshold,
            row: rowAnswer?.stages ?? null,
            pathOnly: false,
          },
        });
        // A row shows its chain and candidates; a plain focus opens with its children (depth levels).
        if (!row) await expandToDepth(depth, gen);
        if (gen === generation) set({ status: 'ready' });
      } catch (err) {
        if (gen === generation) set({ status: 'error', error: err as Error });
      }
    },

    async expand(ids) {
      const state = get().state;
      if (!state) return;
      const todo = ids.filter((id) => !state.expansions[id] && !get().pending.has(id));
      await fetchChildren(todo, generation);
      if (todo.length === 1) set({ reveal: todo[0] });
    },

    collapse(id) {
      const state = get().state;
      if (!state?.expansions[id]) return;
      // Forget the expansions below it too, so expanding again starts from one level.
      const expansions = { ...state.expansions };
      const drop = [id];
      while (drop.length > 0) {
        const p = drop.pop()!;
        for (const g of expansions[p] ?? [])
          for (const d of g.datums ?? []) if (expansions[d.id]) drop.push(d.id);
        delete expansions[p];
      }
      set({ state: { ...state, expansions } });
    },

    async toggle(id) {
      if (get().state?.expansions[id]) get().collapse(id);
      else await get().expand([id]);
    },

    async setDepth(depth) {
      const state = get().state;
      if (!state) return;
      const gen = ++generation;
      set({ depth, state: { ...state, expansions: {} } });
      await expandToDepth(depth, gen);
    },

    async setThreshold(threshold) {
      const state = get().state;
      if (!state || threshold === state.threshold) return;
      const expanded = Object.keys(state.expansions);
      set({ state: { ...state, threshold } });
      // Groups now under the threshold need their datums: one call for every expanded node.
      const gen = generation;
      const client = getClient();
      if (expanded.length === 0) return;
      const { groups } = await client.call('graph.children', {
        parents: expanded.slice(0, 1000),
        expandAt: threshold,
      });
      if (gen !== generation) return;
      const current = get().state!;
      const expansions = { ...current.expansions };
      for (const p of expanded) expansions[p] = [];
      for (const g of groups) expansions[g.parent] = [...(expansions[g.parent] ?? []), g];
      set({
        state: {
          ...current,
          expansions,
          datums: withDatums(
            current,
            groups.flatMap((g) => g.datums ?? []),
          ),
        },
      });
    },

    setPathOnly(on) {
      const state = get().state;
      if (state) set({ state: { ...state, pathOnly: on } });
    },

    pullOut(parent, type, datum) {
      const state = get().state;
      if (!state) return;
      const key = clusterKey(parent, type);
      const have = state.pulled[key] ?? [];
      if (have.includes(datum.id)) return;
      set({
        state: {
          ...state,
          datums: withDatums(state, [datum]),
          pulled: { ...state.pulled, [key]: [...have, datum.id] },
        },
        selected: { kind: 'datum', id: datum.id },
        reveal: datum.id,
      });
    },

    select(selected) {
      set({ selected });
    },
  };
});

/**
 * What the inspector shows for one datum, loaded in parallel: the datum with its payload summary (hash
 * verified, picture found), its chain up to the root (which also tells a dangling parent), its children
 * counted by type, and the boxes drawn over its picture. Kept per id, so going back shows it at once.
 */
import { create } from 'zustand';
import type { BoxJson, ChildGroupJson, DatumJson, GraphDatum } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';

export interface InspectorEntry {
  status: 'loading' | 'ready' | 'not-found' | 'error';
  datum: DatumJson | null;
  /** The datum's ancestors, parent first. */
  ancestors: GraphDatum[];
  /** The parent id when it names no datum. */
  danglingParent: string | null;
  groups: ChildGroupJson[];
  boxes: BoxJson[];
  boxesTruncated: boolean;
  error: DatalakeError | Error | null;
}

interface InspectorState {
  entries: Record<string, InspectorEntry>;
  load(id: string, options?: { force?: boolean }): Promise<void>;
}

const MAX_KEPT = 50;

export const useInspector = create<InspectorState>((set, get) => ({
  entries: {},
  async load(id, options = {}) {
    const have = get().entries[id];
    if (have && have.status !== 'error' && !options.force) return;
    const put = (entry: InspectorEntry) =>
      set((s) => {
        const entries = { ...s.entries, [id]: entry };
        const ids = Object.keys(entries);
        if (ids.length > MAX_KEPT) delete entries[ids[0]];
        return { entries };
      });
    put({
      status: 'loading',
      datum: null,
      ancestors: [],
      danglingParent: null,
      groups: [],
      boxes: [],
      boxesTruncated: false,
      error: null,
    });
    const client = getClient();
    try {
      const [got, chain, children] = await Promise.all([
        client.call('datums.get', { ids: [id], payload: true, verify: true, preview: true }),
        client.call('graph.ancestors', { ids: [id] }),
        client.call('graph.children', { parents: [id], expandAt: 0 }),
      ]);
      const datum = got.datums[0];
      if (!datum) {
        put({ ...emptyEntry(), status: 'not-found' });
        return;
      }
      const boxes = datum.previewId
        ? await client.call('graph.boxes', { id })
        : { boxes: [], truncated: false };
      put({
        status: 'ready',
        datum,
        ancestors: chain.datums.slice(1),
        danglingParent: chain.dangling.find((d) => d.id === datum.derivedFrom)?.id ?? null,
        groups: children.groups,
        boxes: boxes.boxes,
        boxesTruncated: boxes.truncated,
        error: null,
      });
    } catch (err) {
      put({ ...emptyEntry(), status: 'error', error: err as Error });
    }
  },
}));

function emptyEntry(): InspectorEntry {
  return {
    status: 'loading',
    datum: null,
    ancestors: [],
    danglingParent: null,
    groups: [],
    boxes: [],
    boxesTruncated: false,
    error: null,
  };
}

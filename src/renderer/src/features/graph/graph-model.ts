/**
 * What the graph shows, computed from what has been loaded (pure, so it is unit-tested): the focus and its
 * ancestors, the children of every expanded node, siblings of one type beyond the threshold folded into a
 * cluster node (minus the datums pulled out of it), a query row's candidates with the pick marked, warning
 * nodes for dangling parents, and the "selected path only" view.
 */
import type { ChildGroupJson, GraphDatum, RowStage } from '#shared/contract';

export interface GraphState {
  focus: string;
  datums: Record<string, GraphDatum>;
  /** The focus, the row's ids and all their ancestors (from `graph.ancestors`). */
  base: string[];
  dangling: Array<{ id: string; children: string[] }>;
  /** Loaded children groups of each expanded node. */
  expansions: Record<string, ChildGroupJson[]>;
  /** Datums pulled out of a cluster, by cluster key. */
  pulled: Record<string, string[]>;
  threshold: number;
  row: RowStage[] | null;
  pathOnly: boolean;
}

export type NodeRole = 'focus' | 'picked' | 'candidate' | 'chain' | null;

export type ModelNode =
  | { kind: 'datum'; id: string; datum: GraphDatum; expanded: boolean; role: NodeRole }
  | { kind: 'cluster'; id: string; parent: string; type: string | null; count: number; candidates: boolean }
  | { kind: 'warning'; id: string; missingId: string; children: string[] };

export interface ModelEdge {
  id: string;
  source: string;
  target: string;
  onPath: boolean;
  dimmed: boolean;
}

export const clusterKey = (parent: string, type: string | null) => `${parent}:${type ?? '(none)'}`;
export const clusterNodeId = (parent: string, type: string | null) => `cluster:${clusterKey(parent, type)}`;
export const warningNodeId = (missing: string) => `missing:${missing}`;

/** The ids on the selected path: the row's ids (or the focus) and their ancestors. */
export function pathIds(state: GraphState): Set<string> {
  const start = state.row ? state.row.map((s) => s.id) : [state.focus];
  const out = new Set<string>();
  for (const id of start) {
    let at: string | null = id;
    while (at && !out.has(at)) {
      out.add(at);
      at = state.datums[at]?.derivedFrom ?? null;
    }
  }
  return out;
}

export function buildGraph(state: GraphState): { nodes: ModelNode[]; edges: ModelEdge[] } {
  const nodes = new Map<string, ModelNode>();
  const edges = new Map<string, ModelEdge>();
  const onPath = pathIds(state);
  const picked = new Set<string>();
  const candidates = new Set<string>();
  for (const stage of state.row ?? []) {
    if (stage.parent === null) continue;
    picked.add(stage.id);
    for (const c of stage.candidates) if (c !== stage.id) candidates.add(c);
  }
  const roleOf = (id: string): NodeRole =>
    picked.has(id)
      ? 'picked'
      : candidates.has(id)
        ? 'candidate'
        : id === state.focus
          ? 'focus'
          : state.row && onPath.has(id)
            ? 'chain'
            : null;

  const queue: string[] = [];
  const addDatum = (id: string): boolean => {
    const datum = state.datums[id];
    if (!datum || nodes.has(id)) return false;
    nodes.set(id, { kind: 'datum', id, datum, expanded: Boolean(state.expansions[id]), role: roleOf(id) });
    queue.push(id);
    return true;
  };
  const addEdge = (source: string, target: string) => {
    const id = `e:${source}->${target}`;
    edges.set(id, {
      id,
      source,
      target,
      onPath: onPath.has(source) && onPath.has(target),
      dimmed: candidates.has(target) || (target.startsWith('cluster:') && isCandidateCluster(target)),
    });
  };
  const candidateClusters = new Set<string>();
  const isCandidateCluster = (id: string) => candidateClusters.has(id);
  const addCluster = (parent: string, type: string | null, total: number, forCandidates: boolean) => {
    const key = clusterKey(parent, type);
    const pulledIds = state.pulled[key] ?? [];
    for (const id of pulledIds) if (addDatum(id)) addEdge(parent, id);
    const count = total - pulledIds.length;
    if (count <= 0) return;
    const id = clusterNodeId(parent, type);
    if (forCandidates) candidateClusters.add(id);
    nodes.set(id, { kind: 'cluster', id, parent, type, count, candidates: forCandidates });
    addEdge(parent, id);
  };

  for (const id of state.base) addDatum(id);
  for (const id of [...nodes.keys()]) {
    const parent = state.datums[id]?.derivedFrom;
    if (parent && nodes.has(parent)) addEdge(parent, id);
  }

  // A query row's candidates under each stage's parent (unless the parent is expanded: then all its children show).
  for (const stage of state.row ?? []) {
    if (stage.parent === null || state.expansions[stage.parent] || !nodes.has(stage.parent)) continue;
    const list = stage.candidateDatums;
    if (list && stage.candidateCount <= state.threshold) {
      for (const d of list) if (addDatum(d.id)) addEdge(stage.parent, d.id);
    } else {
      if (addDatum(stage.id)) addEdge(stage.parent, stage.id);
      const type = state.datums[stage.id]?.type ?? null;
      // The pick is out of the cluster already: count it as pulled so the cluster holds the others.
      const key = clusterKey(stage.parent, type);
      const pulled = state.pulled[key] ?? [];
      const extra = pulled.includes(stage.id) ? 0 : 1;
      addCluster(stage.parent, type, stage.candidateCount - extra, true);
    }
  }

  // Expanded nodes, breadth first from what is visible (a collapsed ancestor hides its descendants).
  while (queue.length > 0) {
    const parent = queue.shift()!;
    const groups = state.expansions[parent];
    if (!groups) continue;
    for (const g of groups) {
      if (g.datums && g.count <= state.threshold) {
        for (const d of g.datums) {
          if (addDatum(d.id)) addEdge(parent, d.id);
          else if (nodes.has(d.id)) addEdge(parent, d.id);
        }
      } else {
        addCluster(parent, g.type, g.count, false);
      }
    }
  }

  for (const d of state.dangling) {
    const children = d.children.filter((c) => nodes.has(c));
    if (children.length === 0) continue;
    const id = warningNodeId(d.id);
    nodes.set(id, { kind: 'warning', id, missingId: d.id, children });
    for (const c of children) addEdge(id, c);
  }

  let outNodes = [...nodes.values()];
  let outEdges = [...edges.values()];
  if (state.pathOnly) {
    const keep = new Set(
      outNodes
        .filter((n) =>
          n.kind === 'warning'
            ? n.children.some((c) => onPath.has(c))
            : n.kind === 'datum' && onPath.has(n.id),
        )
        .map((n) => n.id),
    );
    outNodes = outNodes.filter((n) => keep.has(n.id));
    outEdges = outEdges.filter((e) => keep.has(e.source) && keep.has(e.target));
  }
  return { nodes: outNodes, edges: outEdges };
}

/** Datum ids in the graph that are individual nodes (the next level's parents when the depth grows). */
export function childNodeIds(state: GraphState, parents: string[]): string[] {
  const out: string[] = [];
  for (const p of parents) {
    for (const g of state.expansions[p] ?? []) {
      if (g.datums && g.count <= state.threshold) out.push(...g.datums.map((d) => d.id));
    }
  }
  return out;
}

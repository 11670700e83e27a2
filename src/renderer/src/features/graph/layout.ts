/**
 * Left-to-right layout by generation with dagre. Pure (no DOM), so it runs on the UI thread for small graphs
 * and in a Web Worker for large ones (layout-client.ts).
 */
import dagre from '@dagrejs/dagre';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ source: string; target: string }>;
}

export type Positions = Record<string, { x: number; y: number }>;

/** Top-left positions (React Flow's anchor) for every node. */
export function layoutGraph(input: LayoutInput): Positions {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Positions = {};
  for (const n of input.nodes) {
    const p = g.node(n.id);
    out[n.id] = { x: p.x - n.width / 2, y: p.y - n.height / 2 };
  }
  return out;
}

/**
 * Left-to-right layout by generation. A derivation graph is a forest, laid out in linear time
 * (tree-layout.ts); anything else (never expected, but never refused) goes to dagre. Pure (no DOM), so the
 * dagre fallback can run in a Web Worker for large graphs (layout-client.ts).
 */
import dagre from '@dagrejs/dagre';
import { RANK_GAP, ROW_GAP } from './tree-layout';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ source: string; target: string }>;
}

export type Positions = Record<string, { x: number; y: number }>;

/** Top-left positions (React Flow's anchor) for every node, with dagre. */
export function layoutGraph(input: LayoutInput): Positions {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: ROW_GAP, ranksep: RANK_GAP, marginx: 10, marginy: 10 });
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

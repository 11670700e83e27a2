import { describe, expect, it } from 'vitest';
import { layoutGraph } from './layout';
import { layoutForest, RANK_GAP, ROW_GAP } from './tree-layout';

const W = 200;
const H = 56;
const node = (id: string) => ({ id, width: W, height: H });
const edge = (source: string, target: string) => ({ source, target });

describe('forest layout', () => {
  it('puts each generation in its column, stacks leaves in edge order and centres parents', () => {
    // r → a (→ a1, a2), b; and a second tree w → o (a warning node over an orphan).
    const p = layoutForest({
      nodes: ['r', 'a', 'b', 'a1', 'a2', 'w', 'o'].map(node),
      edges: [edge('r', 'a'), edge('r', 'b'), edge('a', 'a1'), edge('a', 'a2'), edge('w', 'o')],
    })!;
    const col = (d: number) => 10 + d * (W + RANK_GAP);
    const row = (i: number) => 10 + i * (H + ROW_GAP);
    expect(p.a1).toEqual({ x: col(2), y: row(0) });
    expect(p.a2).toEqual({ x: col(2), y: row(1) });
    expect(p.a).toEqual({ x: col(1), y: (row(0) + row(1)) / 2 });
    expect(p.b).toEqual({ x: col(1), y: row(2) });
    expect(p.r.y).toBe((p.a.y + p.b.y) / 2);
    expect(p.r.x).toBe(col(0));
    expect(p.w).toEqual({ x: col(0), y: row(3) });
    expect(p.o).toEqual({ x: col(1), y: row(3) });
  });

  it('never overlaps two nodes, and lays out 2,000 children at once', () => {
    const kids = Array.from({ length: 2000 }, (_, i) => `c${i}`);
    const started = performance.now();
    const p = layoutForest({ nodes: ['hub', ...kids].map(node), edges: kids.map((k) => edge('hub', k)) })!;
    expect(performance.now() - started).toBeLessThan(200);
    const ys = kids.map((k) => p[k].y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBe(H + ROW_GAP);
    expect(p.hub.y).toBe((ys[0] + ys[ys.length - 1]) / 2);
  });

  it('gives up on a node with two parents or a cycle, which dagre then lays out', () => {
    const twoParents = { nodes: ['a', 'b', 'c'].map(node), edges: [edge('a', 'c'), edge('b', 'c')] };
    expect(layoutForest(twoParents)).toBeNull();
    expect(Object.keys(layoutGraph(twoParents)).sort()).toEqual(['a', 'b', 'c']);
    expect(layoutForest({ nodes: ['x', 'y'].map(node), edges: [edge('x', 'y'), edge('y', 'x')] })).toBeNull();
    // The same edge twice is still a tree.
    expect(
      layoutForest({ nodes: ['x', 'y'].map(node), edges: [edge('x', 'y'), edge('x', 'y')] }),
    ).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { GraphDatum, RowStage } from '#shared/contract';
import { buildGraph, clusterNodeId, type GraphState, warningNodeId } from './graph-model';

const id = (n: number) => n.toString(16).padStart(24, '0');
const datum = (n: number, parent: number | null, type: string | null): GraphDatum => ({
  id: id(n),
  derivedFrom: parent === null ? null : id(parent),
  type,
  key: null,
  addedAt: new Date(n * 1000).toISOString(),
  registry: null,
});

function state(over: Partial<GraphState>): GraphState {
  return {
    focus: id(1),
    datums: {},
    base: [],
    dangling: [],
    expansions: {},
    pulled: {},
    threshold: 5,
    row: null,
    pathOnly: false,
    ...over,
  };
}

describe('graph model', () => {
  const image = datum(1, null, 'image');
  const labels = [2, 3, 4].map((n) => datum(n, 1, 'classification'));
  const tiles = Array.from({ length: 8 }, (_, i) => datum(10 + i, 1, 'tile'));
  const datums = Object.fromEntries([image, ...labels, ...tiles].map((d) => [d.id, d]));

  it('shows small groups as nodes and folds big ones into a cluster, minus what was pulled out', () => {
    const s = state({
      datums,
      base: [image.id],
      expansions: {
        [image.id]: [
          { parent: image.id, type: 'tile', count: 8 },
          { parent: image.id, type: 'classification', count: 3, datums: labels },
        ],
      },
      pulled: { [`${image.id}:tile`]: [tiles[2].id] },
    });
    const { nodes, edges } = buildGraph(s);
    const cluster = nodes.find((n) => n.id === clusterNodeId(image.id, 'tile'));
    expect(cluster).toMatchObject({ kind: 'cluster', count: 7, candidates: false });
    expect(nodes.filter((n) => n.kind === 'datum').map((n) => n.id)).toEqual([
      image.id,
      tiles[2].id,
      ...labels.map((l) => l.id),
    ]);
    expect(edges).toHaveLength(5);
    expect(nodes.find((n) => n.id === image.id)).toMatchObject({ role: 'focus', expanded: true });
  });

  it('marks a query row’s pick, dims its other candidates, and gives their cluster the stage’s filter', () => {
    const filter = { 'data.type': 'tile', 'data.score': { $gte: 0.5 } };
    const row: RowStage[] = [
      {
        column: 'image',
        id: image.id,
        strategy: null,
        parent: null,
        candidates: [],
        candidateCount: 0,
        filter: {},
      },
      {
        column: 'label',
        id: labels[2].id,
        strategy: 'latest',
        parent: image.id,
        candidates: labels.map((l) => l.id),
        candidateCount: 3,
        candidateDatums: labels,
        filter: { 'data.type': 'classification' },
      },
      {
        column: 'tile',
        id: tiles[0].id,
        strategy: 'earliest',
        parent: image.id,
        candidates: tiles.map((t) => t.id),
        candidateCount: 8,
        filter,
      },
    ];
    const { nodes, edges } = buildGraph(state({ datums, base: [image.id, labels[2].id, tiles[0].id], row }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get(labels[2].id)).toMatchObject({ role: 'picked' });
    expect(byId.get(labels[0].id)).toMatchObject({ role: 'candidate' });
    expect(byId.get(tiles[0].id)).toMatchObject({ role: 'picked' });
    expect(byId.get(clusterNodeId(image.id, 'tile'))).toMatchObject({
      kind: 'cluster',
      count: 7,
      candidates: true,
      filter,
      column: 'tile',
    });
    expect(edges.find((e) => e.target === labels[0].id)?.dimmed).toBe(true);
    expect(edges.find((e) => e.target === labels[2].id)).toMatchObject({ dimmed: false, onPath: true });

    const only = buildGraph(
      state({ datums, base: [image.id, labels[2].id, tiles[0].id], row, pathOnly: true }),
    );
    expect(only.nodes.map((n) => n.id).sort()).toEqual([image.id, labels[2].id, tiles[0].id].sort());
  });

  it('draws a dangling parent as a warning node above the datums that point to it', () => {
    const orphan = datum(30, 99, 'classification');
    const { nodes, edges } = buildGraph(
      state({
        focus: orphan.id,
        datums: { [orphan.id]: orphan },
        base: [orphan.id],
        dangling: [{ id: id(99), children: [orphan.id] }],
      }),
    );
    expect(nodes.map((n) => n.id)).toEqual([orphan.id, warningNodeId(id(99))]);
    expect(edges).toEqual([expect.objectContaining({ source: warningNodeId(id(99)), target: orphan.id })]);
  });
});

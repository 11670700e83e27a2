/**
 * What a key does on the graph canvas (pure, so it is unit-tested): arrows move the selection (left: the
 * parent, right: the topmost child, up/down: the nearest node above/below in the same generation), Enter
 * expands or collapses, + and − zoom, 0 fits the whole graph, Shift+arrows pan.
 */
export type KeyAction =
  | { kind: 'select'; id: string }
  | { kind: 'toggle'; id: string }
  | { kind: 'zoom'; direction: 1 | -1 }
  | { kind: 'fit' }
  | { kind: 'pan'; dx: number; dy: number };

export interface PlacedNode {
  id: string;
  kind: 'datum' | 'cluster' | 'warning';
  x: number;
  y: number;
}

export const PAN_STEP = 80;

export function keyAction(
  key: string,
  shift: boolean,
  selected: string | null,
  nodes: PlacedNode[],
  edges: Array<{ source: string; target: string }>,
): KeyAction | null {
  if (shift && key.startsWith('Arrow')) {
    const dx = key === 'ArrowLeft' ? PAN_STEP : key === 'ArrowRight' ? -PAN_STEP : 0;
    const dy = key === 'ArrowUp' ? PAN_STEP : key === 'ArrowDown' ? -PAN_STEP : 0;
    return { kind: 'pan', dx, dy };
  }
  if (key === '+' || key === '=') return { kind: 'zoom', direction: 1 };
  if (key === '-' || key === '_') return { kind: 'zoom', direction: -1 };
  if (key === '0') return { kind: 'fit' };
  const current = selected ? nodes.find((n) => n.id === selected) : undefined;
  if (!current) {
    // Nothing selected yet: an arrow starts at the leftmost node (the root of what is shown).
    if (!key.startsWith('Arrow') || nodes.length === 0) return null;
    const first = [...nodes].sort((a, b) => a.x - b.x || a.y - b.y)[0];
    return { kind: 'select', id: first.id };
  }
  if (key === 'Enter') return current.kind === 'datum' ? { kind: 'toggle', id: current.id } : null;
  const target = neighbour(key, current, nodes, edges);
  return target ? { kind: 'select', id: target } : null;
}

function neighbour(
  key: string,
  me: PlacedNode,
  nodes: PlacedNode[],
  edges: Array<{ source: string; target: string }>,
): string | null {
  const at = new Map(nodes.map((n) => [n.id, n]));
  if (key === 'ArrowLeft') return edges.find((e) => e.target === me.id && at.has(e.source))?.source ?? null;
  if (key === 'ArrowRight') {
    const children = edges
      .filter((e) => e.source === me.id && at.has(e.target))
      .map((e) => at.get(e.target)!);
    return children.sort((a, b) => a.y - b.y)[0]?.id ?? null;
  }
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const above = key === 'ArrowUp';
  const column = nodes.filter(
    (n) => n.id !== me.id && Math.abs(n.x - me.x) < 1 && (above ? n.y < me.y : n.y > me.y),
  );
  column.sort((a, b) => (above ? b.y - a.y : a.y - b.y));
  return column[0]?.id ?? null;
}

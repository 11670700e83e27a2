/**
 * How a parent's edges share one trunk (pure, so it is unit-tested). Edges leave a parent to the right and
 * turn at right angles into their children, which stand in one column; all of them run down (or up) the same
 * vertical line. Drawn whole, the 2,000 edges of a wide parent would each run from the parent to its child
 * and lie on top of one another. Instead, only the edges of the two children nearest the parent (above and
 * below it) start at the parent; every other edge starts on the trunk at its neighbour nearer the parent, so
 * each piece of trunk is drawn once and an edge's extent is local to its child (which is what lets the
 * canvas skip the edges far from the view).
 */
export interface EdgeEnds {
  id: string;
  source: string;
  target: string;
}

/** Where a node's edges attach: the vertical centre, the left (target) and right (source) sides. */
export interface Anchor {
  y: number;
  left: number;
  right: number;
}

/** Per edge: the y where its path starts on the trunk, or null when it starts at its parent. */
export function trunkStarts(
  edges: EdgeEnds[],
  anchorOf: (id: string) => Anchor | undefined,
): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const bySource = new Map<string, Array<{ edge: EdgeEnds; at: Anchor }>>();
  for (const e of edges) {
    out.set(e.id, null);
    const at = anchorOf(e.target);
    if (!at) continue;
    const list = bySource.get(e.source) ?? [];
    list.push({ edge: e, at });
    bySource.set(e.source, list);
  }
  for (const [source, children] of bySource) {
    const parent = anchorOf(source);
    if (!parent || children.length < 2) continue;
    // One trunk for the column most children stand in; a child elsewhere keeps its whole path.
    const perColumn = new Map<number, number>();
    for (const c of children) perColumn.set(c.at.left, (perColumn.get(c.at.left) ?? 0) + 1);
    const column = [...perColumn].sort((a, b) => b[1] - a[1])[0][0];
    const same = children.filter((c) => c.at.left === column);
    const above = same.filter((c) => c.at.y < parent.y).sort((a, b) => b.at.y - a.at.y);
    const below = same.filter((c) => c.at.y >= parent.y).sort((a, b) => a.at.y - b.at.y);
    for (const side of [above, below]) {
      for (let i = 1; i < side.length; i++) out.set(side[i].edge.id, side[i - 1].at.y);
    }
  }
  return out;
}

/** The SVG path of an edge: from the parent's right side (or from the trunk at `from`) into the child's left. */
export function edgePath(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  from: number | null,
  radius = 8,
): string {
  const mid = (sx + tx) / 2;
  const r = Math.min(radius, Math.abs(ty - (from ?? sy)) / 2, Math.abs(tx - mid) / 2);
  const dir = Math.sign(ty - (from ?? sy));
  const turn =
    dir === 0 || r === 0 ? `L ${mid} ${ty}` : `L ${mid} ${ty - dir * r} Q ${mid} ${ty} ${mid + r} ${ty}`;
  if (from !== null) return `M ${mid} ${from} ${turn} L ${tx} ${ty}`;
  const r0 = Math.min(radius, Math.abs(ty - sy) / 2, Math.abs(mid - sx) / 2);
  const start =
    dir === 0 || r0 === 0
      ? `M ${sx} ${sy} L ${mid} ${sy}`
      : `M ${sx} ${sy} L ${mid - r0} ${sy} Q ${mid} ${sy} ${mid} ${sy + dir * r0}`;
  return `${start} ${turn} L ${tx} ${ty}`;
}

/** The box an edge's path covers, for deciding whether it is near the view. */
export function edgeBox(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  from: number | null,
): { x1: number; y1: number; x2: number; y2: number } {
  const mid = (sx + tx) / 2;
  const startX = from === null ? sx : mid;
  const startY = from ?? sy;
  return {
    x1: Math.min(startX, tx),
    y1: Math.min(startY, ty),
    x2: Math.max(startX, tx),
    y2: Math.max(startY, ty),
  };
}

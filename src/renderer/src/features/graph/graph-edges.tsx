/**
 * The graph's one edge type: out of the parent's right side, into a trunk shared with its siblings, and at a
 * right angle into the child (edge-trunks.ts). Straight pieces, not curves: a wide parent's fan of curves is
 * slow to paint and hard to read. Which edges are drawn at all is the canvas's choice (view-band.ts).
 */
import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { edgePath } from './edge-trunks';

export type TreeEdgeType = Edge<{ from: number | null }, 'tree'>;

export const TreeEdge = memo(function TreeEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  style,
}: EdgeProps<TreeEdgeType>) {
  return (
    <BaseEdge
      id={id}
      path={edgePath(sourceX, sourceY, targetX, targetY, data?.from ?? null)}
      style={style}
      interactionWidth={0}
    />
  );
});

export const EDGE_TYPES = { tree: TreeEdge };

/**
 * Fitting the view to nodes. React Flow's own fitView waits until every node has been measured in the DOM;
 * with onlyRenderVisibleElements a node that was never in view never is, so with hundreds of children its
 * fit stayed queued (and ran later, at whatever moment some node happened to resize). This fits at once, by
 * the sizes the nodes declare.
 */
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';

export interface FitOptions {
  /** The nodes to frame; all of them when absent. */
  nodes?: string[];
  padding: number;
  minZoom?: number;
  maxZoom: number;
  duration: number;
}

export function useFit(): (options: FitOptions) => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    ({ nodes, padding, minZoom, maxZoom, duration }: FitOptions) => {
      const { width, height, minZoom: floor } = store.getState();
      const chosen = nodes ? new Set(nodes) : null;
      const framed = flow.getNodes().filter((n) => !chosen || chosen.has(n.id));
      if (framed.length === 0 || width === 0 || height === 0) return;
      const bounds = flow.getNodesBounds(framed);
      const view = getViewportForBounds(bounds, width, height, minZoom ?? floor, maxZoom, padding);
      void flow.setViewport(view, { duration });
    },
    [flow, store],
  );
}

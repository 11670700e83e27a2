/**
 * The part of the graph worth drawing edges for: the view with one view's margin around it, in graph
 * units, updated only when the view leaves it (a pan of a third of a view or more, or a zoom). React Flow
 * keeps every edge whose box meets the view, and every edge of a 2,000-child parent does; each drawn edge
 * also costs store subscriptions that run on every frame of a pan. Passing it the edges near the view
 * keeps a pan over a wide parent as cheap as over a small graph.
 */
import { type ReactFlowState, useStoreApi } from '@xyflow/react';
import { useEffect, useState } from 'react';

/** Graphs with fewer edges are drawn whole (nothing to gain, and no redraw when the band moves). */
export const CULL_EDGES_FROM = 300;

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const overlaps = (a: Box, b: Box) => a.x2 >= b.x1 && a.x1 <= b.x2 && a.y2 >= b.y1 && a.y1 <= b.y2;

/** The view in graph units. */
export function viewBox(s: Pick<ReactFlowState, 'transform' | 'width' | 'height'>): Box {
  const [tx, ty, zoom] = s.transform;
  const x1 = -tx / zoom;
  const y1 = -ty / zoom;
  return { x1, y1, x2: x1 + s.width / zoom, y2: y1 + s.height / zoom };
}

/** The band around a view: the view grown by `margin` views on every side. */
export function bandAround(view: Box, margin = 1): Box {
  const w = view.x2 - view.x1;
  const h = view.y2 - view.y1;
  return {
    x1: view.x1 - margin * w,
    y1: view.y1 - margin * h,
    x2: view.x2 + margin * w,
    y2: view.y2 + margin * h,
  };
}

/** Whether a band still serves a view: the view inside it, at about the zoom it was made for. */
export function bandServes(band: Box, view: Box): boolean {
  const inside = view.x1 >= band.x1 && view.y1 >= band.y1 && view.x2 <= band.x2 && view.y2 <= band.y2;
  // Zoomed in a lot, a band made for a wide view holds far more edges than needed: make a tighter one.
  const tooWide = band.x2 - band.x1 > 6 * (view.x2 - view.x1);
  return inside && !tooWide;
}

/** The current band, or null when `on` is false (draw everything). */
export function useViewBand(on: boolean): Box | null {
  const store = useStoreApi();
  const [band, setBand] = useState<Box | null>(null);
  useEffect(() => {
    if (!on) {
      setBand(null);
      return;
    }
    let current: Box | null = null;
    const check = (s: ReactFlowState) => {
      if (s.width === 0 || s.height === 0) return;
      const view = viewBox(s);
      if (current && bandServes(current, view)) return;
      current = bandAround(view);
      setBand(current);
    };
    check(store.getState());
    return store.subscribe(check);
  }, [on, store]);
  return on ? band : null;
}

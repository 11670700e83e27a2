/**
 * Zoom levels of the graph and where a view opens (pure, so it is unit-tested). Text must stay readable:
 * a graph too big to fit at READABLE_ZOOM is shown at that zoom from the focus's parent rightwards, and the
 * minimap, the fit button or 0 show the whole.
 */

/** Below this zoom node text is too small to read (13 px type at 0.8 is 10.4 px on screen). */
export const READABLE_ZOOM = 0.8;
/** Below this zoom nodes switch to their far look (type alone, large). */
export const FAR_ZOOM = 0.5;
/** Small graphs are not blown up past their natural size. */
export const MAX_FIT_ZOOM = 1;
export const FIT_PADDING = 0.1;

const EDGE_ROOM = 24;

/**
 * The centre of a view at READABLE_ZOOM over `bounds` (graph units) for a canvas of `size` (pixels): a
 * dimension that fits is centred; a width that does not starts at `left` (the focus's parent); a height
 * that does not is centred on the focus, without showing empty space past the graph's ends.
 */
export function readableView(
  bounds: { x: number; y: number; width: number; height: number },
  size: { width: number; height: number },
  focus: { x: number; y: number; width: number; height: number },
  left: number,
): { x: number; y: number } {
  const w = size.width / READABLE_ZOOM;
  const h = size.height / READABLE_ZOOM;
  const x = bounds.width <= w ? bounds.x + bounds.width / 2 : Math.max(left, bounds.x) - EDGE_ROOM + w / 2;
  const y =
    bounds.height <= h
      ? bounds.y + bounds.height / 2
      : Math.min(
          Math.max(focus.y + focus.height / 2, bounds.y - EDGE_ROOM + h / 2),
          bounds.y + bounds.height + EDGE_ROOM - h / 2,
        );
  return { x, y };
}

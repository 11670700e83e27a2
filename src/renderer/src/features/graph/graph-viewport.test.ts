import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableView } from './graph-viewport';

const canvas = { width: 600, height: 600 }; // 750 × 750 graph units at READABLE_ZOOM
const node = (x: number, y: number) => ({ x, y, width: 200, height: 56 });

describe('readable view', () => {
  it('centres a dimension that fits', () => {
    const bounds = { x: 0, y: 0, width: 700, height: 300 };
    expect(readableView(bounds, canvas, node(0, 100), 0)).toEqual({ x: 350, y: 150 });
  });

  it('starts a wide graph at the focus’s parent, so the focus and its children are in view', () => {
    const bounds = { x: 0, y: 0, width: 2000, height: 300 };
    const view = readableView(bounds, canvas, node(512, 100), 256);
    const leftEdge = view.x - canvas.width / READABLE_ZOOM / 2;
    expect(leftEdge).toBe(256 - 24);
    // The focus's children column (one rank to the right) ends inside the view.
    expect(512 + 256 + 200).toBeLessThanOrEqual(view.x + canvas.width / READABLE_ZOOM / 2);
  });

  it('centres a tall graph on the focus, without scrolling past its ends', () => {
    const bounds = { x: 0, y: 0, width: 500, height: 5000 };
    const h = canvas.height / READABLE_ZOOM;
    expect(readableView(bounds, canvas, node(0, 2472), 0).y).toBe(2500);
    expect(readableView(bounds, canvas, node(0, 0), 0).y).toBe(-24 + h / 2);
    expect(readableView(bounds, canvas, node(0, 4944), 0).y).toBe(5000 + 24 - h / 2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boxColours,
  hoverPlace,
  LABEL_HEIGHT,
  type LabelRequest,
  labelCandidates,
  placeLabels,
} from './box-labels';

const canvas = { width: 480, height: 480 };
const box = (id: string, x: number, y: number, width = 120, height = 120, labelWidth = 90): LabelRequest => ({
  id,
  x,
  y,
  width,
  height,
  labelWidth,
});

type Rect = { left: number; top: number; right: number; bottom: number };
const rectOf = (b: LabelRequest, p: { left: number; top: number }): Rect => ({
  left: p.left,
  top: p.top,
  right: p.left + b.labelWidth,
  bottom: p.top + LABEL_HEIGHT,
});
const overlaps = (a: Rect, b: Rect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('box labels', () => {
  it('puts a lone label above its box’s top-left corner', () => {
    expect(placeLabels([box('a', 100, 100)], canvas).get('a')).toEqual({
      left: 100,
      top: 100 - LABEL_HEIGHT,
    });
  });

  it('gives two near-duplicate boxes labels that touch their own box and do not overlap', () => {
    // The sample's relabelled image: one object boxed twice, 2 px apart at 7.5×.
    const a = box('a', 150, 22, 128, 135);
    const b = box('b', 150, 37, 128, 128);
    const places = placeLabels([b, a], canvas);
    const pa = places.get('a')!;
    const pb = places.get('b')!;
    expect(pa).toEqual({ left: 150, top: 22 - LABEL_HEIGHT });
    // The lower box's label goes under it, against its bottom edge.
    expect(pb).toEqual({ left: 150, top: 37 + 128 });
    expect(overlaps(rectOf(a, pa), rectOf(b, pb))).toBe(false);
  });

  it('keeps labels inside the picture: below or inside a box at the top, moved left at the right edge', () => {
    const top = placeLabels([box('t', 10, 0, 100, 100)], canvas).get('t')!;
    expect(top).toEqual({ left: 10, top: 100 });
    const right = placeLabels([box('r', 440, 200, 40, 40, 90)], canvas).get('r')!;
    expect(right.left).toBe(480 - 90);
    const full = placeLabels([box('f', 0, 0, 480, 480)], canvas).get('f')!;
    expect(full).toEqual({ left: 0, top: 0 }); // no room outside: inside the top-left corner
    // A box too small to hold its label inside, filling the picture, has no place: it shows on hover.
    const tiny = { width: 40, height: 20 };
    expect(labelCandidates(box('s', 0, 0, 40, 20, 60), tiny)).toEqual([]);
    expect(hoverPlace(box('s', 0, 0, 40, 20, 60), tiny)).toEqual({ left: 0, top: 0 });
  });

  it('never overlaps two labels, never leaves the picture, and leaves a label out only when crowded', () => {
    const boxes = fc.array(
      fc.record({
        x: fc.integer({ min: 0, max: 440 }),
        y: fc.integer({ min: 0, max: 440 }),
        width: fc.integer({ min: 4, max: 200 }),
        height: fc.integer({ min: 4, max: 200 }),
        labelWidth: fc.integer({ min: 30, max: 140 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(boxes, (list) => {
        const requests = list.map((b, i) => ({ ...b, id: `b${i}` }));
        const places = placeLabels(requests, canvas);
        const rects: Rect[] = [];
        const leftOut: LabelRequest[] = [];
        for (const r of requests) {
          const p = places.get(r.id);
          expect(p).not.toBeUndefined();
          if (!p) {
            leftOut.push(r);
            continue;
          }
          const rect = rectOf(r, p);
          expect(rect.left).toBeGreaterThanOrEqual(0);
          expect(rect.top).toBeGreaterThanOrEqual(0);
          expect(rect.bottom).toBeLessThanOrEqual(canvas.height);
          expect(rect.right).toBeLessThanOrEqual(canvas.width);
          for (const q of rects) expect(overlaps(rect, q)).toBe(false);
          rects.push(rect);
        }
        // Left out only when every place it could take touches a label that was placed.
        const near = (a: Rect, b: Rect) =>
          a.left < b.right + 1 && b.left < a.right + 1 && a.top < b.bottom + 1 && b.top < a.bottom + 1;
        for (const r of leftOut) {
          for (const c of labelCandidates(r, canvas)) {
            expect(rects.some((q) => near(rectOf(r, c), q))).toBe(true);
          }
        }
        // A single box always gets its label (the picture is bigger than any label here).
        if (requests.length === 1) expect(places.get('b0')).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('gives the classes of one picture distinct colours', () => {
    const colours = boxColours(['dog', 'car', 'cat', 'dog', 'person', 'bicycle', 'square']);
    expect(colours.size).toBe(6);
    expect(new Set(colours.values()).size).toBe(6);
    expect(colours.get('bicycle')).toBe(boxColours(['square', 'bicycle']).get('bicycle'));
  });
});

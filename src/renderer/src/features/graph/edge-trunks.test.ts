import { describe, expect, it } from 'vitest';
import { edgeBox, edgePath, trunkStarts } from './edge-trunks';
import { bandAround, bandServes, overlaps, viewBox } from './view-band';

// A parent at y 500 and five children in one column, two above and three below it.
const anchors: Record<string, { y: number; left: number; right: number }> = {
  p: { y: 500, left: 0, right: 200 },
  a1: { y: 426, left: 256, right: 456 },
  a2: { y: 352, left: 256, right: 456 },
  b1: { y: 500, left: 256, right: 456 },
  b2: { y: 574, left: 256, right: 456 },
  b3: { y: 648, left: 256, right: 456 },
  far: { y: 900, left: 512, right: 712 }, // another column: keeps its whole path
};
const edge = (target: string) => ({ id: `p->${target}`, source: 'p', target });

describe('edge trunks', () => {
  it('starts the nearest child’s edge at the parent and every other one at its neighbour on the trunk', () => {
    const starts = trunkStarts(['a2', 'b3', 'a1', 'b1', 'b2', 'far'].map(edge), (id) => anchors[id]);
    expect(starts.get('p->a1')).toBeNull();
    expect(starts.get('p->a2')).toBe(426);
    expect(starts.get('p->b1')).toBeNull();
    expect(starts.get('p->b2')).toBe(500);
    expect(starts.get('p->b3')).toBe(574);
    expect(starts.get('p->far')).toBeNull();
  });

  it('leaves a single child, and edges whose ends are not laid out, whole', () => {
    expect(trunkStarts([edge('a1')], (id) => anchors[id]).get('p->a1')).toBeNull();
    expect(trunkStarts([edge('ghost')], (id) => anchors[id]).get('p->ghost')).toBeNull();
  });

  it('draws right angles: from the parent, or from the trunk, into the child', () => {
    expect(edgePath(200, 500, 256, 500, null)).toBe('M 200 500 L 228 500 L 228 500 L 256 500');
    const whole = edgePath(200, 500, 256, 648, null);
    expect(whole.startsWith('M 200 500 L 220 500 Q 228 500 228 508')).toBe(true);
    expect(whole.endsWith('L 228 640 Q 228 648 236 648 L 256 648')).toBe(true);
    expect(edgePath(200, 500, 256, 648, 574)).toBe('M 228 574 L 228 640 Q 228 648 236 648 L 256 648');
    expect(edgePath(200, 500, 256, 352, 426)).toBe('M 228 426 L 228 360 Q 228 352 236 352 L 256 352');
  });

  it('gives each piece a box local to its child', () => {
    expect(edgeBox(200, 500, 256, 648, 574)).toEqual({ x1: 228, y1: 574, x2: 256, y2: 648 });
    expect(edgeBox(200, 500, 256, 352, null)).toEqual({ x1: 200, y1: 352, x2: 256, y2: 500 });
  });
});

describe('view band', () => {
  const view = viewBox({ transform: [-1000, -2000, 0.5], width: 600, height: 400 });

  it('reads the view in graph units', () => {
    expect(view).toEqual({ x1: 2000, y1: 4000, x2: 3200, y2: 4800 });
  });

  it('keeps a band while the view stays inside it at about its zoom, and makes a new one otherwise', () => {
    const band = bandAround(view);
    expect(band).toEqual({ x1: 800, y1: 3200, x2: 4400, y2: 5600 });
    expect(bandServes(band, view)).toBe(true);
    const panned = { x1: 2900, y1: 4000, x2: 4100, y2: 4800 };
    expect(bandServes(band, panned)).toBe(true);
    expect(bandServes(band, { ...panned, x1: 3300, x2: 4500 })).toBe(false);
    const zoomedIn = { x1: 2500, y1: 4300, x2: 2600, y2: 4370 };
    expect(bandServes(band, zoomedIn)).toBe(false);
    expect(overlaps(band, { x1: 4400, y1: 0, x2: 5000, y2: 3200 })).toBe(true);
    expect(overlaps(band, { x1: 4401, y1: 0, x2: 5000, y2: 3200 })).toBe(false);
  });
});

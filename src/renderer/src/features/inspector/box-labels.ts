/**
 * Where the label of each box goes on a picture, so that no two labels overlap (pure, so it is
 * unit-tested). Each label touches its own box: above its top-left corner if free, else below its bottom
 * edge, inside its top-left corner, at its right-hand corners, or inside its bottom edge. A label that finds
 * no free place is hidden (null) and shown when its box is hovered or focused. Boxes of one object often
 * overlap (a detector's near-duplicates), which is why their labels cannot all sit above the box.
 */
export interface LabelRequest {
  id: string;
  /** The box, in CSS pixels on the drawn picture. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The label's width in CSS pixels. */
  labelWidth: number;
}

export interface LabelPlace {
  left: number;
  top: number;
}

export const LABEL_HEIGHT = 16;
/** Space kept between two labels. */
const GAP = 1;

export function placeLabels(
  boxes: LabelRequest[],
  canvas: { width: number; height: number },
): Map<string, LabelPlace | null> {
  const placed: Array<{ left: number; top: number; right: number; bottom: number }> = [];
  const out = new Map<string, LabelPlace | null>();
  // Top to bottom, left to right: the upper of two overlapping boxes keeps the place above it.
  const order = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
  for (const b of order) {
    const place = labelCandidates(b, canvas).find(
      (c) =>
        !placed.some(
          (p) =>
            c.left < p.right + GAP &&
            p.left < c.left + b.labelWidth + GAP &&
            c.top < p.bottom + GAP &&
            p.top < c.top + LABEL_HEIGHT + GAP,
        ),
    );
    out.set(b.id, place ?? null);
    if (place) {
      placed.push({
        left: place.left,
        top: place.top,
        right: place.left + b.labelWidth,
        bottom: place.top + LABEL_HEIGHT,
      });
    }
  }
  return out;
}

/** Where a label may go, best first, kept inside the picture (moved sideways, never off its box's edge). */
export function labelCandidates(b: LabelRequest, canvas: { width: number; height: number }): LabelPlace[] {
  const w = b.labelWidth;
  const h = LABEL_HEIGHT;
  const clampLeft = (left: number) => Math.max(0, Math.min(left, canvas.width - w));
  const left = clampLeft(b.x);
  const right = clampLeft(b.x + b.width - w);
  const fitsInside = b.height >= h * 2;
  const raw: Array<LabelPlace | false> = [
    { left, top: b.y - h },
    { left, top: b.y + b.height },
    fitsInside && { left, top: b.y },
    { left: right, top: b.y - h },
    { left: right, top: b.y + b.height },
    fitsInside && { left, top: b.y + b.height - h },
  ];
  return raw.filter((c): c is LabelPlace => c !== false && c.top >= 0 && c.top + h <= canvas.height);
}

/** The place a hidden label takes while its box is hovered: above the box, or inside it at the top. */
export function hoverPlace(b: LabelRequest, canvas: { width: number; height: number }): LabelPlace {
  const left = Math.max(0, Math.min(b.x, canvas.width - b.labelWidth));
  return { left, top: b.y >= LABEL_HEIGHT ? b.y - LABEL_HEIGHT : Math.max(0, b.y) };
}

/** Colours for box classes: bright enough for dark label text, distinct from one another. */
const BOX_COLOURS = ['#ffd400', '#22d3ee', '#f472b6', '#a3e635', '#fb923c', '#c4b5fd', '#7dd3fc', '#fca5a5'];

/**
 * One colour per class on a picture: classes in name order take the palette in turn, so up to eight
 * classes on one picture never share a colour (beyond that the palette repeats).
 */
export function boxColours(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort();
  return new Map(sorted.map((name, i) => [name, BOX_COLOURS[i % BOX_COLOURS.length]]));
}

let measurer: CanvasRenderingContext2D | null | undefined;

/** The width of a label's text in the labels' font (estimated where no canvas is available). */
export function measureLabel(text: string, font: string): number {
  if (measurer === undefined) {
    try {
      measurer = document.createElement('canvas').getContext('2d');
    } catch {
      measurer = null;
    }
  }
  if (!measurer) return text.length * 6.6;
  measurer.font = font;
  return measurer.measureText(text).width;
}

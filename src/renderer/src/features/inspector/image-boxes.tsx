/**
 * A picture with the boxes of its derived datums drawn over it (SVG in the image's pixel space, so boxes
 * stay on their pixels at every zoom). Each box is labelled with its class and confidence, shows its datum on
 * hover, and opens it on click; one toggle per derived type hides or shows its boxes.
 */
import { useMemo, useState } from 'react';
import type { BoxJson } from '#shared/contract';
import { navigate } from '../../app/routing/router-store';

const ZOOMS = [0.5, 1, 2, 4, 8, 16];

export function ImageWithBoxes({
  src,
  alt,
  boxes,
  truncated,
  maxSide = 480,
}: {
  /** The longest side, in CSS pixels, a picture opens with. */
  maxSide?: number;
  src: string;
  alt: string;
  boxes: BoxJson[];
  truncated: boolean;
}) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [zoom, setZoom] = useState<number | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [hover, setHover] = useState<BoxJson | null>(null);
  const types = useMemo(() => [...new Set(boxes.map((b) => b.type ?? '(no type)'))].sort(), [boxes]);
  // Small pictures (the sample's are 64 px) open enlarged, large ones fit the panel.
  const fit = size ? Math.max(0.25, Math.min(8, maxSide / Math.max(size.w, size.h))) : 1;
  const scale = zoom ?? fit;
  const shown = boxes.filter((b) => !hidden.has(b.type ?? '(no type)'));
  const labelTops = stackLabels(shown, scale);
  const stroke = size ? 2 / scale : 1;

  if (failed) {
    return (
      <p className="inspector__warning" role="alert">
        The picture could not be loaded from its payload.
      </p>
    );
  }
  return (
    <div className="image-boxes">
      <div className="image-boxes__toolbar">
        <span className="image-boxes__zoom">
          <button
            type="button"
            className="btn btn--small"
            aria-label="Zoom out"
            onClick={() => setZoom(ZOOMS.filter((z) => z < scale).at(-1) ?? scale)}
          >
            −
          </button>
          <span className="image-boxes__scale">{Math.round(scale * 100)}%</span>
          <button
            type="button"
            className="btn btn--small"
            aria-label="Zoom in"
            onClick={() => setZoom(ZOOMS.find((z) => z > scale) ?? scale)}
          >
            +
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setZoom(null)}>
            Fit
          </button>
        </span>
        {types.map((t) => (
          <label key={t} className="image-boxes__toggle">
            <input
              type="checkbox"
              checked={!hidden.has(t)}
              onChange={() =>
                setHidden((h) => {
                  const next = new Set(h);
                  if (next.has(t)) next.delete(t);
                  else next.add(t);
                  return next;
                })
              }
            />
            {t} ({boxes.filter((b) => (b.type ?? '(no type)') === t).length})
          </label>
        ))}
        {truncated && <span className="muted">the first 500 boxes</span>}
      </div>
      <div className="image-boxes__viewport">
        <div
          className="image-boxes__canvas"
          style={size ? { width: size.w * scale, height: size.h * scale } : undefined}
        >
          <img
            src={src}
            alt={alt}
            className="image-boxes__img"
            draggable={false}
            onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
            onError={() => setFailed(true)}
          />
          {size && (
            <svg
              className="image-boxes__overlay"
              viewBox={`0 0 ${size.w} ${size.h}`}
              preserveAspectRatio="none"
              aria-hidden="false"
            >
              <title>Boxes derived from this picture</title>
              {shown.map((b) => (
                // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>
                <g
                  key={b.id}
                  className={`image-boxes__box${hover?.id === b.id ? ' is-hover' : ''}`}
                  data-datum-id={b.id}
                  role="button"
                  tabIndex={0}
                  aria-label={`${b.label ?? b.type ?? 'box'}${b.confidence !== null ? ` ${b.confidence.toFixed(2)}` : ''}, datum ${b.id}`}
                  onMouseEnter={() => setHover(b)}
                  onMouseLeave={() => setHover(null)}
                  onFocus={() => setHover(b)}
                  onBlur={() => setHover(null)}
                  onClick={() => navigate(`#/datum/${b.id}`)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') navigate(`#/datum/${b.id}`);
                  }}
                >
                  <rect x={b.x} y={b.y} width={b.width} height={b.height} strokeWidth={stroke} />
                </g>
              ))}
            </svg>
          )}
          {size &&
            shown.map((b) => (
              <span
                key={b.id}
                className="image-boxes__label"
                style={{ left: b.x * scale, top: labelTops.get(b.id) }}
                aria-hidden="true"
              >
                {b.label ?? b.type ?? 'box'}
                {b.confidence !== null && ` ${b.confidence.toFixed(2)}`}
              </span>
            ))}
        </div>
      </div>
      <p className="image-boxes__status muted" aria-live="polite">
        {hover
          ? `${hover.label ?? hover.type ?? 'box'} · x ${hover.x}, y ${hover.y}, ${hover.width}×${hover.height} · datum ${hover.id}`
          : size
            ? `${size.w}×${size.h} px · ${shown.length} of ${boxes.length} box${boxes.length === 1 ? '' : 'es'} shown`
            : 'Loading the picture…'}
      </p>
    </div>
  );
}

const LABEL_HEIGHT = 18;

/** Label tops above each box, pushed down where two labels would overlap (boxes of one object often do). */
function stackLabels(boxes: BoxJson[], scale: number): Map<string, number> {
  const placed: Array<{ left: number; right: number; top: number }> = [];
  const out = new Map<string, number>();
  for (const b of [...boxes].sort((p, q) => p.y - q.y || p.x - q.x)) {
    const text = `${b.label ?? b.type ?? 'box'}${b.confidence !== null ? ' 0.00' : ''}`;
    const left = b.x * scale;
    const right = left + text.length * 7 + 10;
    let top = Math.max(0, b.y * scale - LABEL_HEIGHT);
    while (placed.some((p) => p.left < right && left < p.right && Math.abs(p.top - top) < LABEL_HEIGHT)) {
      top += LABEL_HEIGHT;
    }
    placed.push({ left, right, top });
    out.set(b.id, top);
  }
  return out;
}

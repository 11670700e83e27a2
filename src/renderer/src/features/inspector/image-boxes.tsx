/**
 * A picture with the boxes of its derived datums drawn over it (SVG in the image's pixel space, so boxes
 * stay on their pixels at every zoom). Each box is coloured by its class and labelled with its class and
 * confidence at a place no other label takes (box-labels.ts); hovering or focusing a box brings its label
 * forward, dims the others and names its datum; a click opens it. One toggle per derived type.
 */
import { useMemo, useState } from 'react';
import type { BoxJson } from '#shared/contract';
import { navigate } from '../../app/routing/router-store';
import { boxColours, hoverPlace, type LabelRequest, measureLabel, placeLabels } from './box-labels';

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
  const colours = useMemo(() => boxColours(boxes.map(className)), [boxes]);
  const types = useMemo(() => [...new Set(boxes.map((b) => b.type ?? '(no type)'))].sort(), [boxes]);
  // Small pictures (the sample's are 64 px) open enlarged, large ones fit the panel.
  const fit = size ? Math.max(0.25, Math.min(8, maxSide / Math.max(size.w, size.h))) : 1;
  const scale = zoom ?? fit;
  // Larger boxes first, so a box inside another is drawn over it and can still be hovered and clicked.
  const shown = useMemo(
    () =>
      boxes
        .filter((b) => !hidden.has(b.type ?? '(no type)'))
        .sort((p, q) => q.width * q.height - p.width * p.height),
    [boxes, hidden],
  );
  const requests = useMemo(() => {
    const out = new Map<string, LabelRequest>();
    for (const b of shown) {
      out.set(b.id, {
        id: b.id,
        x: b.x * scale,
        y: b.y * scale,
        width: b.width * scale,
        height: b.height * scale,
        labelWidth: Math.ceil(measureLabel(labelText(b), LABEL_FONT)) + LABEL_PADDING,
      });
    }
    return out;
  }, [shown, scale]);
  const drawnWidth = size ? size.w * scale : 0;
  const drawnHeight = size ? size.h * scale : 0;
  const drawn = useMemo(
    () => (drawnWidth > 0 ? { width: drawnWidth, height: drawnHeight } : null),
    [drawnWidth, drawnHeight],
  );
  const places = useMemo(
    () => (drawn ? placeLabels([...requests.values()], drawn) : new Map<string, null>()),
    [requests, drawn],
  );
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
                  className={`image-boxes__box${hover ? (hover.id === b.id ? ' is-hover' : ' is-dim') : ''}`}
                  style={{ '--box-colour': colours.get(className(b)) } as React.CSSProperties}
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
          {drawn &&
            shown.map((b) => {
              const isHover = hover?.id === b.id;
              const place = places.get(b.id) ?? (isHover ? hoverPlace(requests.get(b.id)!, drawn) : null);
              if (!place) return null;
              return (
                // A label is a second handle on its box (boxes of one object can cover each other);
                // the box itself is the accessible button, so the label stays out of the tab order.
                <button
                  type="button"
                  key={b.id}
                  className={`image-boxes__label${hover ? (isHover ? ' is-hover' : ' is-dim') : ''}`}
                  style={{ left: place.left, top: place.top, background: colours.get(className(b)) }}
                  aria-hidden="true"
                  tabIndex={-1}
                  onMouseEnter={() => setHover(b)}
                  onMouseLeave={() => setHover(null)}
                  onClick={() => navigate(`#/datum/${b.id}`)}
                >
                  {labelText(b)}
                </button>
              );
            })}
        </div>
      </div>
      <p className="image-boxes__status muted" aria-live="polite">
        {hover
          ? `${labelText(hover)} · x ${hover.x}, y ${hover.y}, ${hover.width}×${hover.height} · datum ${hover.id}`
          : size
            ? `${size.w}×${size.h} px · ${shown.length} of ${boxes.length} box${boxes.length === 1 ? '' : 'es'} shown${
                [...places.values()].some((p) => p === null) ? ' · hover a box to read a label left out' : ''
              }`
            : 'Loading the picture…'}
      </p>
    </div>
  );
}

/** The labels' font and horizontal padding (inspector.css, `.image-boxes__label`), for measuring them. */
const LABEL_FONT = '600 11px system-ui, sans-serif';
const LABEL_PADDING = 10;

const className = (b: BoxJson) => b.label ?? b.type ?? 'box';
const labelText = (b: BoxJson) =>
  `${className(b)}${b.confidence !== null ? ` ${b.confidence.toFixed(2)}` : ''}`;

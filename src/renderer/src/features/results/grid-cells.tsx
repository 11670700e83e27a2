/** The grid's cells: a datum id (with its thumbnail for pictures) and a field value. */
import { memo } from 'react';
import { formatValue } from './field-values';

export const Thumb = memo(function Thumb({ url }: { url: string | null | undefined }) {
  // undefined: still looking; null: no picture. The box keeps its size so rows never jump.
  if (url === null) return null;
  return (
    <span className="rgrid__thumb" data-state={url ? 'ready' : 'loading'}>
      {url && <img src={url} alt="" loading="lazy" decoding="async" draggable={false} />}
    </span>
  );
});

export function IdCell({ id, thumb }: { id: string; thumb: string | null | undefined | false }) {
  return (
    <>
      {thumb !== false && <Thumb url={thumb} />}
      <span className="rgrid__id mono">{id}</span>
    </>
  );
}

export function ValueCell({ loaded, value, missing }: { loaded: boolean; value: unknown; missing: boolean }) {
  if (!loaded) return <span className="rgrid__pending" title="Loading" />;
  if (missing) return <span className="rgrid__absent">deleted</span>;
  if (value === undefined) return <span className="rgrid__absent">—</span>;
  const text = formatValue(value);
  return (
    <span
      className={typeof value === 'number' ? 'rgrid__value rgrid__value--num' : 'rgrid__value'}
      title={text}
    >
      {text}
    </span>
  );
}

/**
 * A collapsible JSON tree for `data` and `metadata`: objects and arrays fold (the first two levels open),
 * Extended JSON values show as what they are (ObjectId, Date, Binary, Int64, ...) with their type.
 */
import { useState } from 'react';
import { navigate } from '../../app/routing/router-store';
import { ejsonScalar } from './format';

const OPEN_DEPTH = 2;
const MAX_CHILDREN = 200;

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <ul className="json-tree" aria-label={label}>
      <JsonEntry name={null} value={value} depth={0} />
    </ul>
  );
}

function JsonEntry({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const scalar = ejsonScalar(value);
  const key = name !== null && <span className="json-tree__key">{name}: </span>;
  if (scalar || value === null || typeof value !== 'object') {
    return (
      <li className="json-tree__item">
        {key}
        <ScalarValue value={value} scalar={scalar} />
      </li>
    );
  }
  const isArray = Array.isArray(value);
  const entries = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) {
    return (
      <li className="json-tree__item">
        {key}
        <span className="json-tree__punct">{isArray ? '[]' : '{}'}</span>
      </li>
    );
  }
  return (
    <li className="json-tree__item">
      <button
        type="button"
        className="json-tree__toggle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="json-tree__chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {key}
        <span className="json-tree__punct">{summary}</span>
      </button>
      {open && (
        <ul className="json-tree__children">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <JsonEntry key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > MAX_CHILDREN && (
            <li className="json-tree__item muted">… {entries.length - MAX_CHILDREN} more</li>
          )}
        </ul>
      )}
    </li>
  );
}

function ScalarValue({ value, scalar }: { value: unknown; scalar: ReturnType<typeof ejsonScalar> }) {
  if (scalar) {
    return (
      <span className="json-tree__ejson">
        <span className="json-tree__type">{scalar.type}</span>{' '}
        {scalar.type === 'ObjectId' ? (
          <button type="button" className="link-btn mono" onClick={() => navigate(`#/datum/${scalar.text}`)}>
            {scalar.text}
          </button>
        ) : (
          <span className="mono">{scalar.text}</span>
        )}
      </span>
    );
  }
  if (typeof value === 'string') return <span className="json-tree__string">"{value}"</span>;
  if (typeof value === 'number') return <span className="json-tree__number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-tree__boolean">{String(value)}</span>;
  return <span className="json-tree__null">null</span>;
}

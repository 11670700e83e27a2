/**
 * One parent's children of one type, a page at a time, with a search over ids and key fields: the
 * inspector's filtered list of a child group, and the graph's view inside a cluster (with "Pull out").
 */
import { type ReactNode, useEffect, useState } from 'react';
import type { GraphDatum } from '#shared/contract';
import { shortId } from '#shared/datum-key';
import { getClient } from '../../api/client';

const PAGE = 50;

export function ChildList({
  parent,
  type,
  actions,
  autoFocus = false,
  searchLabel = 'Search children',
}: {
  parent: string;
  type: string | null;
  /** Extra buttons for each child (the graph's "Pull out"). */
  actions?: (datum: GraphDatum) => ReactNode;
  autoFocus?: boolean;
  searchLabel?: string;
}) {
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<GraphDatum[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setStatus('loading');
    const timer = setTimeout(
      () => {
        getClient()
          .call('graph.clusterPage', { parent, type, search: search || undefined, limit: PAGE })
          .then(
            (page) => {
              if (!live) return;
              setItems(page.datums);
              setNext(page.next);
              setStatus('ready');
            },
            (err: Error) => {
              if (!live) return;
              setError(err.message);
              setStatus('error');
            },
          );
      },
      search ? 200 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [parent, type, search]);

  const more = async () => {
    if (!next) return;
    const page = await getClient().call('graph.clusterPage', {
      parent,
      type,
      search: search || undefined,
      after: next,
      limit: PAGE,
    });
    setItems((have) => [...have, ...page.datums]);
    setNext(page.next);
  };

  return (
    <div className="child-list">
      <input
        type="search"
        className="input child-list__search"
        aria-label={searchLabel}
        placeholder="Id, label or file name"
        value={search}
        // biome-ignore lint/a11y/noAutofocus: the list opens because the user asked to search it
        autoFocus={autoFocus}
        onChange={(e) => setSearch(e.target.value)}
      />
      {status === 'error' && <p className="inspector__warning">{error}</p>}
      {status !== 'error' && (
        <ul className="child-list__items" aria-label="Children" aria-busy={status === 'loading'}>
          {items.map((d) => (
            <li key={d.id} className="child-list__item" data-datum-id={d.id}>
              <a href={`#/datum/${d.id}`} className="child-list__link">
                <span className="mono">…{shortId(d.id)}</span>
                {d.key && <span className="child-list__key">{d.key.value}</span>}
                {d.problem && <span className="badge badge--warning">{d.problem.problem}</span>}
              </a>
              {actions?.(d)}
            </li>
          ))}
          {status === 'ready' && items.length === 0 && (
            <li className="child-list__empty muted">
              {search ? `Nothing matches “${search}”` : 'No children'}
            </li>
          )}
        </ul>
      )}
      {next && (
        <button type="button" className="btn btn--small" onClick={() => void more()}>
          Show more
        </button>
      )}
    </div>
  );
}

/** A query in brief: its chain of columns, its base filter, and its options. */
import type { LibraryQuery } from './builder-bridge';
import { baseFilterText, stageChain } from './query-summary';

export function optionsText(q: Pick<LibraryQuery, 'datumsWanted' | 'transpose'>): string {
  const rows = q.datumsWanted ? `${q.datumsWanted.toLocaleString('en-US')} rows wanted` : 'all rows';
  return q.transpose ? `${rows}, transposed` : rows;
}

export function QueryPreview({ query }: { query: LibraryQuery }) {
  const filter = baseFilterText(query.query);
  return (
    <div className="qlib-preview" data-testid="query-preview">
      <p className="qlib-preview__chain">{stageChain(query.query)}</p>
      {filter && <p className="qlib-preview__filter">{filter}</p>}
      <p className="qlib-preview__options muted">{optionsText(query)}</p>
    </div>
  );
}

/**
 * `#/results?q=<query JSON>&wanted=<n>&transpose=1`: runs a query given as JSON and shows its results.
 * It is how a link (or a test) runs a query without the builder, and a full-page home for the last run.
 */
import { useEffect, useState } from 'react';
import type { QueryInput } from '#shared/query/types';
import { toHash } from '../../app/routing/hash-route';
import { navigate } from '../../app/routing/router-store';
import { QueryRunPanel } from './query-run-panel';
import { runQuery, useQueryRun } from './query-run-store';

export const SAMPLE_QUERY = [
  { 'data.type': 'image', column: 'image' },
  { derived_from: 'image', 'data.type': 'classification', column: 'label', strategy: 'latest' },
  { derived_from: 'label', 'data.type': 'bbox', column: 'bbox', strategy: 'latest' },
];

export interface ResultsPageProps {
  q: string | null;
  wanted: string | null;
  transpose: boolean;
}

/** A query list with one stage per line: readable, and short enough to keep the page compact. */
export function formatQuery(query: unknown): string {
  if (!Array.isArray(query)) return JSON.stringify(query);
  return `[\n${query.map((stage) => `  ${JSON.stringify(stage)}`).join(',\n')}\n]`;
}

function parse(q: string): { query: QueryInput } | { error: string } {
  try {
    const query = JSON.parse(q) as unknown;
    if (query === null || typeof query !== 'object')
      return { error: 'The query must be a JSON object or a list of them' };
    return { query: query as QueryInput };
  } catch (err) {
    return { error: `The query is not valid JSON: ${(err as Error).message}` };
  }
}

export function ResultsPage({ q, wanted, transpose }: ResultsPageProps) {
  const current = useQueryRun((s) => s.query);
  const [text, setText] = useState(() => {
    if (q === null) return formatQuery(current ?? SAMPLE_QUERY);
    const parsed = parse(q);
    return 'query' in parsed ? formatQuery(parsed.query) : q;
  });
  const [limit, setLimit] = useState(wanted ?? '');
  const [ids, setIds] = useState(transpose);
  const [problem, setProblem] = useState<string | null>(null);

  // A link with a query runs it (again when the link changes).
  useEffect(() => {
    if (q === null) return;
    setLimit(wanted ?? '');
    setIds(transpose);
    const parsed = parse(q);
    if ('error' in parsed) {
      setText(q);
      setProblem(parsed.error);
      return;
    }
    setText(formatQuery(parsed.query));
    setProblem(null);
    const n = wanted ? Number(wanted) : null;
    void runQuery(parsed.query, { datumsWanted: n && Number.isInteger(n) && n > 0 ? n : null, transpose });
  }, [q, wanted, transpose]);

  const submit = () => {
    const parsed = parse(text);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    const compact = JSON.stringify(parsed.query);
    const href = toHash('/results', {
      q: compact,
      wanted: limit.trim() || undefined,
      transpose: ids ? '1' : undefined,
    });
    if (compact === q && (limit.trim() || null) === wanted && ids === transpose) {
      setProblem(null);
      const n = limit.trim() ? Number(limit) : null;
      void runQuery(parsed.query, { datumsWanted: n, transpose: ids });
    } else {
      navigate(href);
    }
  };

  return (
    <div className="page results-page" data-testid="results-page">
      <div className="page__header">
        <div>
          <h2 className="page__title">Results</h2>
          <p className="page__subtitle">
            Rows of a query, streamed as they resolve, with their fields and pictures.
          </p>
        </div>
      </div>
      <form
        className="results-page__form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="field results-page__query">
          <span className="field__label">Query (JSON)</span>
          <textarea
            className="input input--mono"
            rows={Math.min(5, Math.max(3, text.split('\n').length))}
            value={text}
            spellCheck={false}
            wrap="off"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
          />
        </label>
        <div className="results-page__side">
          <label className="field">
            <span className="field__label">Limit</span>
            <input
              className="input"
              inputMode="numeric"
              placeholder="all"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
            />
          </label>
          <label className="results-page__check">
            <input type="checkbox" checked={ids} onChange={(e) => setIds(e.target.checked)} /> Ids per column
          </label>
          <button type="submit" className="btn btn--primary">
            Run
          </button>
        </div>
      </form>
      {problem && <p className="field__error results-page__problem">{problem}</p>}
      <QueryRunPanel />
    </div>
  );
}

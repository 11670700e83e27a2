/**
 * "Datums by type": the counts the app computed for this connection, with when they were computed and a
 * Refresh; while they run, a progress bar (a fraction when the store reports one, elapsed time otherwise).
 */
import { useEffect, useState } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount } from '../../components/plain-words';
import { formatComputedAt } from './format-computed-at';
import { type TypeCountsProgress, useOverview } from './overview-store';
import { TypeCounts } from './type-counts';
import './type-counts.css';

export function TypeCountsPanel() {
  const typeCounts = useOverview((s) => s.typeCounts);
  const progress = useOverview((s) => s.typeCountsProgress);
  const loadTypeCounts = useOverview((s) => s.loadTypeCounts);
  const running = typeCounts.status === 'loading';
  const data = typeCounts.data;

  return (
    <section className="panel" aria-labelledby="panel-types" aria-busy={running}>
      <header className="panel__header">
        <h3 className="panel__title" id="panel-types">
          Datums by type
        </h3>
      </header>
      {running && <CountingProgress progress={progress} />}
      {typeCounts.status === 'error' && typeCounts.error && (
        <div className="type-counts__error">
          <ErrorBanner error={typeCounts.error} onRetry={() => void loadTypeCounts()} />
        </div>
      )}
      {data &&
        (data.counts.length > 0 ? (
          <TypeCounts counts={data.counts} />
        ) : (
          <p className="muted panel__empty">No datum has a data.type.</p>
        ))}
      {data && !running && (
        <p className="type-counts__footer" data-testid="overview-type-counts-computed-at">
          computed at <time dateTime={data.computedAt}>{formatComputedAt(data.computedAt)}</time> ·{' '}
          <button
            type="button"
            className="link-btn"
            aria-label="Refresh counts by type"
            onClick={() => void loadTypeCounts(true)}
          >
            Refresh
          </button>
        </p>
      )}
    </section>
  );
}

function CountingProgress({ progress }: { progress: TypeCountsProgress | null }) {
  const seconds = useElapsedSeconds();
  const fraction = progress?.total ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="type-counts__progress" data-testid="overview-type-counts-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Counting datums by type"
        aria-valuemin={0}
        aria-valuemax={progress?.total ?? undefined}
        aria-valuenow={fraction === null ? undefined : progress?.done}
      >
        <span
          className={`progress__bar${fraction === null ? ' progress__bar--indeterminate' : ''}`}
          style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
        />
      </div>
      <p className="type-counts__progress-text">
        Counting datums by type…
        {progress?.total ? ` ${formatCount(progress.done)} of ≈${formatCount(progress.total)}` : ''}
        {seconds > 0 ? ` · ${seconds} s` : ''}
      </p>
    </div>
  );
}

function useElapsedSeconds(): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return seconds;
}

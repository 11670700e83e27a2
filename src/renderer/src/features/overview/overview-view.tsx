/**
 * The active datalake at a glance: how many datums (the estimate paints first), of which types (counted
 * beside the schema sample, with progress), and what fields they carry.
 */
import { useCallback, useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { GridIcon, RefreshIcon } from '../../components/icons';
import { formatCount } from '../../components/plain-words';
import { Spinner } from '../../components/spinner';
import { useConnections } from '../connections/connections-store';
import { subscribeToTypeCountsProgress, useOverview } from './overview-store';
import { SampleDatasetEmpty } from './sample-dataset-empty';
import { SchemaTable } from './schema-table';
import { TypeCountsPanel } from './type-counts-panel';

export function OverviewView() {
  const activeId = useConnections((s) => s.activeId);
  const overview = useOverview((s) => s.overview);
  const typeCounts = useOverview((s) => s.typeCounts);
  const exactCount = useOverview((s) => s.exactCount);
  const schema = useOverview((s) => s.schema);
  const load = useOverview((s) => s.load);
  const loadExactCount = useOverview((s) => s.loadExactCount);
  const loadSchema = useOverview((s) => s.loadSchema);

  const reload = useCallback(() => {
    if (activeId) void load(activeId);
  }, [activeId, load]);

  useEffect(reload, [reload]);
  useEffect(() => subscribeToTypeCountsProgress(), []);

  if (overview.status === 'error' && overview.error) {
    return (
      <div className="page" data-testid="overview-view">
        <ErrorBanner error={overview.error} onRetry={reload} />
      </div>
    );
  }
  if (!overview.data) {
    return (
      <div className="page page--center" data-testid="overview-view">
        <Spinner label="Loading overview" size={22} />
      </div>
    );
  }

  const data = overview.data;
  if (data.estimatedCount === 0 && exactCount.data === null) {
    return (
      <div className="page" data-testid="overview-view">
        <SampleDatasetEmpty onLoaded={reload} />
      </div>
    );
  }

  const typeCount = typeCounts.data?.counts.filter((t) => t.type !== null).length ?? null;

  return (
    <div className="page" data-testid="overview-view">
      <div className="page__header">
        <div>
          <h2 className="page__title">Overview</h2>
          <p className="page__subtitle">
            What this datalake holds, from the store's own counts and a sample of its datums.
          </p>
        </div>
        <button type="button" className="btn" onClick={reload} disabled={overview.status === 'loading'}>
          <RefreshIcon /> Refresh
        </button>
      </div>

      <div className="stats">
        <section className="stat" aria-labelledby="stat-datums">
          <h3 className="stat__label" id="stat-datums">
            Datums
          </h3>
          {exactCount.data !== null ? (
            <>
              <p className="stat__value" data-testid="overview-exact-count">
                {formatCount(exactCount.data)}
              </p>
              <p className="stat__note">Exact count</p>
            </>
          ) : (
            <>
              <p className="stat__value">
                <span className="stat__approx" aria-hidden="true">
                  ≈
                </span>
                <span data-testid="overview-estimated-count">{formatCount(data.estimatedCount)}</span>
              </p>
              <p className="stat__note">
                Estimated ·{' '}
                <button
                  type="button"
                  className="link-btn"
                  onClick={() => void loadExactCount()}
                  disabled={exactCount.status === 'loading'}
                >
                  {exactCount.status === 'loading' ? 'Counting…' : 'Exact count'}
                </button>
              </p>
            </>
          )}
          {exactCount.error && <p className="stat__error">{exactCount.error.message}</p>}
        </section>
        <section className="stat" aria-labelledby="stat-types">
          <h3 className="stat__label" id="stat-types">
            Types
          </h3>
          <p className="stat__value" data-testid="overview-type-total">
            {typeCount === null ? '—' : formatCount(typeCount)}
          </p>
          <p className="stat__note">
            {typeCount === null && typeCounts.status === 'loading'
              ? 'Counting…'
              : 'Distinct values of data.type'}
          </p>
        </section>
        <section className="stat" aria-labelledby="stat-fields">
          <h3 className="stat__label" id="stat-fields">
            Fields
          </h3>
          <p className="stat__value">{schema.data ? formatCount(schema.data.fields.length) : '—'}</p>
          <p className="stat__note">
            {schema.data ? `In a sample of ${formatCount(schema.data.sampled)} datums` : 'Sampling…'}
          </p>
        </section>
      </div>

      <div className="panels">
        <TypeCountsPanel />

        <section className="panel panel--wide" aria-labelledby="panel-schema">
          <header className="panel__header">
            <h3 className="panel__title" id="panel-schema">
              Schema sample
            </h3>
            {schema.data && (
              <span className="panel__meta">{formatCount(schema.data.sampled)} datums sampled</span>
            )}
          </header>
          {schema.status === 'error' && schema.error ? (
            <ErrorBanner error={schema.error} onRetry={() => void loadSchema()} />
          ) : schema.data ? (
            schema.data.fields.length > 0 ? (
              <SchemaTable schema={schema.data} />
            ) : (
              <EmptyState icon={<GridIcon size={22} />} title="No fields found in the sample" />
            )
          ) : (
            <div className="panel__loading">
              <Spinner label="Sampling the schema" /> Sampling up to 1,000 datums…
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

/** The empty datalake's invitation: load the generated computer-vision sample and follow its progress. */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { SparkIcon } from '../../components/icons';
import { formatCount } from '../../components/plain-words';
import { useJobs, useLatestJob } from '../jobs/jobs-store';

export function SampleDatasetEmpty({ onLoaded }: { onLoaded: () => void }) {
  const job = useLatestJob('sample.load');
  const { track, cancel } = useJobs(useShallow((s) => ({ track: s.track, cancel: s.cancel })));
  const [startError, setStartError] = useState<DatalakeError | null>(null);
  const [starting, setStarting] = useState(false);
  const running = starting || job?.status === 'running';

  // Refresh when a job ends while shown (a cancelled or failed load may have written part of the sample).
  const seenStatus = useRef(job?.status);
  useEffect(() => {
    const was = seenStatus.current;
    seenStatus.current = job?.status;
    if (job && job.status !== 'running' && job.status !== was) onLoaded();
  }, [job, onLoaded]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const { jobId } = await getClient().call('sample.load', {});
      track(jobId, 'sample.load');
    } catch (err) {
      setStartError(err as DatalakeError);
    } finally {
      setStarting(false);
    }
  };

  const failed = job?.status === 'failed' ? job.error : null;
  const pct = job?.total ? Math.min(100, (job.done / job.total) * 100) : null;

  return (
    <EmptyState
      testId="overview-empty"
      icon={<SparkIcon size={28} />}
      title="This datalake is empty"
      actions={
        running ? (
          <div className="job-progress" data-testid="sample-load-progress">
            <div
              className="progress"
              role="progressbar"
              aria-label="Loading sample dataset"
              aria-valuemin={0}
              aria-valuemax={job?.total ?? undefined}
              aria-valuenow={job?.total ? job.done : undefined}
            >
              <span
                className={`progress__bar${pct === null ? ' progress__bar--indeterminate' : ''}`}
                style={pct === null ? undefined : { width: `${pct}%` }}
              />
            </div>
            <div className="job-progress__row">
              <span className="job-progress__message">
                {job?.message || 'Starting…'}
                {job?.total ? ` · ${formatCount(job.done)} of ${formatCount(job.total)}` : ''}
              </span>
              {job && (
                <button
                  type="button"
                  className="btn btn--small btn--ghost"
                  onClick={() => void cancel(job.jobId)}
                >
                  Cancel
                </button>
              )}
            </div>
          </div>
        ) : (
          <button type="button" className="btn btn--primary btn--large" onClick={start}>
            Load sample dataset
          </button>
        )
      }
    >
      <p>
        Load a small computer-vision sample to try every feature within a minute: a few hundred generated
        images stored in a local registry, with classification labels of different ages, bounding boxes, and
        some images left unlabelled.
      </p>
      {startError && <ErrorBanner error={startError} onRetry={start} onDismiss={() => setStartError(null)} />}
      {failed && (
        <ErrorBanner error={failed} title="The sample dataset could not be loaded" onRetry={start} />
      )}
      {job?.status === 'cancelled' && <p className="muted">Loading was cancelled.</p>}
    </EmptyState>
  );
}

/** One ingestion job: files and bytes done, throughput, time left, errors as they come, Cancel; then its summary. */
import { useState } from 'react';
import type { JobItemError } from '#shared/contract';
import { ErrorBanner } from '../../components/error-banner';
import { CloseIcon } from '../../components/icons';
import { formatCount } from '../../components/plain-words';
import type { JobView } from '../jobs/jobs-store';
import { useJobs } from '../jobs/jobs-store';
import { BatchSummary } from './batch-summary';
import { CancelPrompt } from './cancel-prompt';
import { formatBytes, formatDuration } from './format';
import { useIngest } from './ingest-store';

export function IngestJobCard({ job }: { job: JobView }) {
  const [confirming, setConfirming] = useState(false);
  const running = job.status === 'running';
  const p = job.progress;
  const byBytes = p?.bytes.total ? p.bytes.done / p.bytes.total : null;
  const byItems = job.total ? job.done / job.total : null;
  const pct = Math.min(100, (byBytes ?? byItems ?? 0) * 100);

  return (
    <section
      className={`ingest-job ingest-job--${job.status}`}
      data-testid="ingest-job"
      data-status={job.status}
    >
      <header className="ingest-job__header">
        <h3 className="ingest-job__title">{TITLES[job.status]}</h3>
        {running ? (
          <button
            type="button"
            className="btn btn--small"
            data-testid="ingest-cancel"
            onClick={() => setConfirming(true)}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="icon-btn"
            aria-label="Close the summary"
            onClick={() => useIngest.getState().dismiss(job.jobId)}
          >
            <CloseIcon />
          </button>
        )}
      </header>
      {running && (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-label="Ingestion progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(pct)}
          >
            <span
              className={`progress__bar${p ? '' : ' progress__bar--indeterminate'}`}
              style={p ? { width: `${pct}%` } : undefined}
            />
          </div>
          <p className="ingest-job__numbers" data-testid="ingest-job-numbers">
            {formatCount(job.done)} of {job.total === null ? '…' : formatCount(job.total)} files
            {p?.bytes.total ? ` · ${formatBytes(p.bytes.done)} of ${formatBytes(p.bytes.total)}` : ''}
          </p>
          {p && (
            <p className="ingest-job__rate muted" data-testid="ingest-job-rate">
              {p.rate.items.toFixed(p.rate.items < 10 ? 1 : 0)} files/s · {formatBytes(p.rate.bytes)}/s ·{' '}
              {formatDuration(p.etaMs)} left
            </p>
          )}
          <p className="ingest-job__message muted">{job.message}</p>
        </>
      )}
      {!running && job.status === 'failed' && job.error && (
        <ErrorBanner error={job.error} title="Ingestion stopped" testId="ingest-job-error" />
      )}
      {!running && job.result !== undefined && <BatchSummary result={job.result} />}
      {running && p && p.errorCount > 0 && <ErrorList errors={p.errors} count={p.errorCount} />}
      {confirming && (
        <CancelPrompt
          onKeep={() => setConfirming(false)}
          onStop={() => {
            setConfirming(false);
            void useJobs.getState().cancel(job.jobId);
          }}
        />
      )}
    </section>
  );
}

const TITLES: Record<JobView['status'], string> = {
  running: 'Ingesting',
  succeeded: 'Ingestion finished',
  cancelled: 'Ingestion cancelled',
  failed: 'Ingestion failed',
};

export function ErrorList({ errors, count }: { errors: JobItemError[]; count: number }) {
  const [open, setOpen] = useState(false);
  const shown = open ? errors : errors.slice(-3);
  return (
    <div className="ingest-errors" data-testid="ingest-errors">
      <p className="ingest-errors__title">
        {formatCount(count)} {count === 1 ? 'error' : 'errors'}; the rest goes on
      </p>
      <ul>
        {shown.map((e) => (
          <li key={`${e.item}:${e.error.message}`} data-testid="ingest-error-item">
            <ItemMessage item={e.item} message={e.error.message} />
          </li>
        ))}
      </ul>
      {errors.length > shown.length && (
        <button type="button" className="link-btn" onClick={() => setOpen(true)}>
          Show {errors.length === count ? 'all' : `the last ${errors.length}`}
        </button>
      )}
    </div>
  );
}

/** The item in monospace, then the message; a message that starts by naming the item is not repeated. */
export function ItemMessage({ item, message }: { item: string; message: string }) {
  if (message.startsWith(item)) {
    return (
      <>
        <span className="mono">{item}</span>
        {message.slice(item.length)}
      </>
    );
  }
  return (
    <>
      <span className="mono">{item}</span> — {message}
    </>
  );
}

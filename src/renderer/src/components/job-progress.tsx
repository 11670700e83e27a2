/**
 * A running job's progress as the ingestion tray shows it: a bar (bytes when their total is known, else
 * items), items and bytes done, throughput and time left, the job's message, and per-item errors as they
 * come. Used by the export dialogs.
 */
import { useState } from 'react';
import type { JobItemError, JobProgress } from '#shared/contract';
import { formatCount } from './plain-words';
import { formatBytes, formatDuration } from './units';
import './job-progress.css';

interface JobProgressViewProps {
  progress: JobProgress | undefined;
  /** What the items are, plural (`rows`, `files`). */
  unit: string;
  /** The progress bar's accessible name. */
  label: string;
  testId?: string;
}

export function JobProgressView({ progress: p, unit, label, testId = 'job-progress' }: JobProgressViewProps) {
  const byBytes = p?.bytes.total ? p.bytes.done / p.bytes.total : null;
  const byItems = p?.items.total ? p.items.done / p.items.total : null;
  const known = byBytes !== null || byItems !== null;
  const pct = Math.min(100, (byBytes ?? byItems ?? 0) * 100);
  return (
    <div className="jobrun" data-testid={testId}>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(pct) : undefined}
      >
        <span
          className={`progress__bar${known ? '' : ' progress__bar--indeterminate'}`}
          style={known ? { width: `${pct}%` } : undefined}
        />
      </div>
      <p className="jobrun__numbers" data-testid={`${testId}-numbers`}>
        {formatCount(p?.items.done ?? 0)}
        {p?.items.total != null ? ` of ${formatCount(p.items.total)}` : ''} {unit}
        {' · '}
        {formatBytes(p?.bytes.done ?? 0)}
        {p?.bytes.total ? ` of ${formatBytes(p.bytes.total)}` : ''}
      </p>
      {p && (
        <p className="jobrun__rate muted" data-testid={`${testId}-rate`}>
          {formatRate(p.rate.items)} {unit}/s · {formatBytes(p.rate.bytes)}/s · {formatDuration(p.etaMs)} left
        </p>
      )}
      {p?.message && <p className="jobrun__message muted">{p.message}</p>}
    </div>
  );
}

function formatRate(n: number): string {
  return n < 10 ? n.toFixed(1) : formatCount(Math.round(n));
}

/** Per-item errors of a job: the last few, all on request. */
export function JobErrorList({
  errors,
  count,
  testId = 'job-errors',
}: {
  errors: JobItemError[];
  count: number;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const shown = open ? errors : errors.slice(-3);
  return (
    <div className="job-errors" data-testid={testId}>
      <p className="job-errors__title">
        {formatCount(count)} {count === 1 ? 'error' : 'errors'}; the rest goes on
      </p>
      <ul>
        {shown.map((e) => (
          <li key={`${e.item}:${e.error.message}`} data-testid={`${testId}-item`}>
            <span className="mono">{e.item}</span>
            {e.error.message.startsWith(e.item)
              ? e.error.message.slice(e.item.length)
              : ` — ${e.error.message}`}
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

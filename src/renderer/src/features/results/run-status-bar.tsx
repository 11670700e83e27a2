/** The run's state in words: the `status` element (`N rows`, `so far` while running), timings, Cancel, Load all. */
import { formatCount } from '../../components/plain-words';
import type { RunStatus, RunTiming } from './query-run-store';

interface RunStatusBarProps {
  status: RunStatus;
  rows: number;
  waiting: boolean;
  loadAll: boolean;
  timing: RunTiming | null;
  showCancel: boolean;
  onCancel(): void;
  onLoadAll(): void;
}

export function rowsText(rows: number, running: boolean): string {
  return `${formatCount(rows)} row${rows === 1 ? '' : 's'}${running ? ' so far' : ''}`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function RunStatusBar(props: RunStatusBarProps) {
  const { status, rows, waiting, loadAll, timing } = props;
  const running = status === 'running';
  let detail: string;
  if (running) {
    detail = waiting && !loadAll ? 'Paused: more rows load as you scroll' : 'Running…';
  } else if (status === 'done') {
    detail = timing?.finished ? `Complete in ${seconds(timing.finished - timing.started)}` : 'Complete';
  } else if (status === 'cancelled') {
    detail = 'Cancelled';
  } else {
    detail = 'Stopped by an error';
  }
  return (
    <div className="runbar">
      <div className="runbar__text">
        <p className="runbar__status" role="status" aria-live="polite" data-testid="run-status">
          {rowsText(rows, running)}
        </p>
        <p className={`runbar__detail runbar__detail--${status}`}>
          {running && !(waiting && !loadAll) && <span className="runbar__spinner" aria-hidden="true" />}
          <span data-testid="run-detail">{detail}</span>
          {timing?.firstRows != null && (
            <span className="runbar__first">
              {' '}
              · first rows in {seconds(timing.firstRows - timing.started)}
            </span>
          )}
        </p>
      </div>
      <div className="runbar__actions">
        {running && waiting && !loadAll && (
          <button type="button" className="btn btn--small" onClick={props.onLoadAll}>
            Load all
          </button>
        )}
        {running && props.showCancel && (
          <button type="button" className="btn btn--small btn--danger" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}

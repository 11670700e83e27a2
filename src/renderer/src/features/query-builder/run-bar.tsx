/** Rows wanted, Transpose, and Run (disabled, with the reason, while the query cannot run). */
import { useId } from 'react';
import { AlertIcon } from '../../components/icons';
import { useQueryRun } from '../results/index';
import { runBlocker } from './builder-analysis';
import { useBuilder } from './builder-store';
import { PlayIcon } from './icons';
import { IssueList } from './issue-list';
import { runBuiltQuery, runShortcut } from './run-query';

export function RunBar() {
  const rowsWantedText = useBuilder((s) => s.rowsWantedText);
  const rowsWantedError = useBuilder((s) => s.rowsWantedError);
  const transpose = useBuilder((s) => s.transpose);
  const setRowsWanted = useBuilder((s) => s.setRowsWanted);
  const setTranspose = useBuilder((s) => s.setTranspose);
  const problems = useBuilder((s) => s.problems);
  const status = useQueryRun((s) => s.status);
  const shortcut = runShortcut();
  const blocker = useBuilder((s) => runBlocker({ ...s, stageCount: s.cards.stages.length }));
  const rowsId = useId();
  const rowsIssuesId = useId();
  const transposeId = useId();
  const reasonId = useId();
  const optionProblems = problems.filter((p) => p.target.kind === 'option');
  const rowsInvalid = rowsWantedError !== null || optionProblems.length > 0;

  return (
    <div className="qb-runbar">
      <div className="qb-runbar__options">
        <div className="qb-option">
          <label className="qb-field__label" htmlFor={rowsId}>
            Rows wanted
          </label>
          <input
            id={rowsId}
            className="input qb-option__rows"
            inputMode="numeric"
            placeholder="All"
            value={rowsWantedText}
            aria-invalid={rowsInvalid || undefined}
            aria-describedby={rowsInvalid ? rowsIssuesId : undefined}
            onChange={(e) => setRowsWanted(e.target.value)}
          />
        </div>
        <label className="qb-check" htmlFor={transposeId}>
          <input
            id={transposeId}
            type="checkbox"
            checked={transpose}
            onChange={(e) => setTranspose(e.target.checked)}
          />
          <span>
            <span className="qb-check__label">Transpose</span>
            <span className="qb-check__hint">one list of ids per column</span>
          </span>
        </label>
      </div>
      <div className="qb-runbar__run">
        {blocker ? (
          <p className="qb-runbar__reason" id={reasonId} data-testid="run-reason">
            <AlertIcon size={14} className="qb-runbar__reason-icon" />
            <span>
              <span className="visually-hidden">Cannot run: </span>
              {blocker}
            </span>
          </p>
        ) : (
          <p className="qb-runbar__ready" id={reasonId} data-testid="run-reason">
            {status === 'running' ? 'Running… Run again restarts it' : 'Ready to run'}
          </p>
        )}
        <kbd className="qb-runbar__kbd">{shortcut.label}</kbd>
        <button
          type="button"
          className="btn btn--primary qb-runbar__button"
          disabled={blocker !== null}
          aria-describedby={reasonId}
          aria-keyshortcuts={shortcut.aria}
          title={`Run the query (${shortcut.label})`}
          onClick={() => runBuiltQuery()}
        >
          <PlayIcon size={14} /> Run
        </button>
      </div>
      {rowsInvalid && (
        <div className="qb-runbar__issues">
          <IssueList
            id={rowsIssuesId}
            problems={
              rowsWantedError
                ? [
                    {
                      key: 'rows',
                      message: rowsWantedError,
                      severity: 'error',
                      target: { kind: 'query' },
                      range: null,
                    },
                  ]
                : optionProblems
            }
          />
        </div>
      )}
    </div>
  );
}

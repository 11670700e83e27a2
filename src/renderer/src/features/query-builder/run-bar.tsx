/** Rows wanted, Transpose, and Run (disabled, with the reason, while the query cannot run). */
import { useId } from 'react';
import { AlertIcon, InfoIcon } from '../../components/icons';
import { runBlocker } from './builder-analysis';
import { useBuilder } from './builder-store';
import { PlayIcon } from './icons';
import { IssueList } from './issue-list';

export function RunBar() {
  const rowsWantedText = useBuilder((s) => s.rowsWantedText);
  const rowsWantedError = useBuilder((s) => s.rowsWantedError);
  const transpose = useBuilder((s) => s.transpose);
  const setRowsWanted = useBuilder((s) => s.setRowsWanted);
  const setTranspose = useBuilder((s) => s.setTranspose);
  const problems = useBuilder((s) => s.problems);
  const run = useBuilder((s) => s.run);
  const runNote = useBuilder((s) => s.runNote);
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
        ) : runNote ? (
          <p className="qb-runbar__note" id={reasonId} role="status" data-testid="run-note">
            <InfoIcon size={14} /> {runNote}
          </p>
        ) : (
          <p className="qb-runbar__ready" id={reasonId} data-testid="run-reason">
            Ready to run
          </p>
        )}
        <button
          type="button"
          className="btn btn--primary qb-runbar__button"
          disabled={blocker !== null}
          aria-describedby={reasonId}
          onClick={run}
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

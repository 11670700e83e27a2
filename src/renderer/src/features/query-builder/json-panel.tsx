/** The query list as JSON, editable, with every problem marked where it is. */
import { useMemo, useState } from 'react';
import { formatQueryJson } from '#shared/query-builder/index';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { JSON_WIDTH, useBuilder } from './builder-store';
import { CopyIcon, FormatIcon } from './icons';
import { type EditorDiagnostic, JsonEditor } from './json-editor';

export function JsonPanel() {
  const text = useBuilder((s) => s.text);
  const setText = useBuilder((s) => s.setText);
  const problems = useBuilder((s) => s.problems);
  const textProblem = useBuilder((s) => s.textProblem);
  const parsed = useBuilder((s) => s.parsed);
  const stageCount = useBuilder((s) => s.cards.stages.length);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  const diagnostics = useMemo<EditorDiagnostic[]>(() => {
    if (textProblem) {
      return textProblem.range
        ? [{ ...textProblem.range, severity: 'error', message: textProblem.message }]
        : [];
    }
    return problems.flatMap((p) =>
      p.range ? [{ ...p.range, severity: p.severity, message: p.message }] : [],
    );
  }, [problems, textProblem]);

  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;

  return (
    <section className="qb-json" aria-labelledby="qb-json-title">
      <header className="qb-json__header">
        <h3 className="qb-json__title" id="qb-json-title">
          Query JSON
        </h3>
        <span className="qb-json__meta">{stageCount === 1 ? '1 stage' : `${stageCount} stages`}</span>
        <span className="qb-json__tools">
          <button
            type="button"
            className="btn btn--small btn--ghost"
            disabled={!parsed.ok}
            title="Rewrite the JSON with the standard layout"
            onClick={() => parsed.ok && setText(formatQueryJson(parsed.value, JSON_WIDTH))}
          >
            <FormatIcon size={14} /> Format
          </button>
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => {
              const done = (state: 'copied' | 'failed') => {
                setCopyState(state);
                setTimeout(() => setCopyState('idle'), 1800);
              };
              navigator.clipboard.writeText(text).then(
                () => done('copied'),
                () => done('failed'),
              );
            }}
          >
            <CopyIcon size={14} />{' '}
            {copyState === 'copied' ? 'Copied' : copyState === 'failed' ? 'Could not copy' : 'Copy'}
          </button>
        </span>
      </header>
      <JsonEditor
        value={text}
        onChange={setText}
        diagnostics={diagnostics}
        label="Query JSON"
        describedBy="qb-json-status"
      />
      <footer className="qb-json__status" id="qb-json-status" data-testid="json-status">
        {textProblem ? (
          <span className="qb-json__state qb-json__state--error">
            <AlertIcon size={14} /> {textProblem.message}
          </span>
        ) : errors + warnings > 0 ? (
          <span className={`qb-json__state qb-json__state--${errors > 0 ? 'error' : 'warning'}`}>
            <AlertIcon size={14} />
            {errors > 0 && `${errors} ${errors === 1 ? 'problem' : 'problems'}`}
            {errors > 0 && warnings > 0 && ', '}
            {warnings > 0 && `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`}
            {' · marked in the text and on the cards'}
          </span>
        ) : (
          <span className="qb-json__state qb-json__state--ok">
            <CheckIcon size={14} /> Valid query · {stageCount} {stageCount === 1 ? 'stage' : 'stages'}
          </span>
        )}
      </footer>
    </section>
  );
}

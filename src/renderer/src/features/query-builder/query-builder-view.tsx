/** The query builder (route `#/query`): stage cards and their JSON side by side, kept in step. */
import { useEffect } from 'react';
import { fieldChoices } from '#shared/query-builder/index';
import { useConnections } from '../connections/connections-store';
import { QueryLibraryActions, QueryLibraryPanel } from '../query-library/index';
import { QueryRunPanel } from '../results/index';
import { useBuilder } from './builder-store';
import { FIELD_LIST_ID } from './condition-row';
import { JsonPanel } from './json-panel';
import { RunBar } from './run-bar';
import { isRunShortcut, runBuiltQuery } from './run-query';
import { StageList } from './stage-list';
import './query-builder.css';

export function QueryBuilderView() {
  const activeId = useConnections((s) => s.activeId);
  const loadSchema = useBuilder((s) => s.loadSchema);
  const schema = useBuilder((s) => s.schema);
  const textProblem = useBuilder((s) => s.textProblem);

  useEffect(() => {
    if (activeId) void loadSchema(activeId);
  }, [activeId, loadSchema]);

  return (
    <div
      className="qb"
      data-testid="query-builder"
      onKeyDownCapture={(e) => {
        // Capture phase: before the JSON editor, whose own Mod-Enter would insert a line.
        if (!isRunShortcut(e)) return;
        e.preventDefault();
        e.stopPropagation();
        runBuiltQuery();
      }}
    >
      <div className="page__header qb__header">
        <div>
          <h2 className="page__title">Query builder</h2>
          <p className="page__subtitle">
            A base stage selects datums; each derived stage picks one datum derived from an earlier column.
          </p>
        </div>
        <QueryLibraryActions />
      </div>
      <RunBar />
      <div className="qb__columns">
        <section className="qb__cards" aria-label="Stages">
          {textProblem && (
            <div className="qb__stale" role="note" data-testid="cards-stale">
              The JSON cannot be shown as cards right now, so they show the last query it held. Fix the JSON
              to edit with cards again.
            </div>
          )}
          <StageList />
          {schema.status === 'error' && (
            <p className="qb__schema-note muted">
              Field suggestions are unavailable ({schema.error?.message}); any field path can still be typed.
            </p>
          )}
        </section>
        <JsonPanel />
      </div>
      <div className="qb__results" data-testid="query-results">
        <QueryRunPanel />
      </div>
      <datalist id={FIELD_LIST_ID}>
        {fieldChoices(schema.fields).map((f) => (
          <option key={f.path} value={f.path} label={f.types.join(' | ')} />
        ))}
      </datalist>
      <QueryLibraryPanel />
    </div>
  );
}

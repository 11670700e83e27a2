/** One stage of the query: its column, where it derives from, its strategy, and its conditions. */
import { type KeyboardEvent, type PointerEvent, type Ref, useId } from 'react';
import {
  derivableColumns,
  duplicateStage,
  type QueryCards,
  renameColumn,
  type StageCard as Stage,
  updateStage,
} from '#shared/query-builder/index';
import { TrashIcon } from '../../components/icons';
import { useBuilder } from './builder-store';
import { CopyIcon, GripIcon } from './icons';
import { IssueList } from './issue-list';
import { NodeList } from './node-list';
import { StrategyField } from './strategy-field';
import './stage-card.css';

interface StageCardProps {
  stage: Stage;
  index: number;
  count: number;
  cards: QueryCards;
  handleRef: Ref<HTMLButtonElement>;
  onMoveKey(e: KeyboardEvent<HTMLButtonElement>): void;
  /** A press on the handle, which may become a drag. */
  onDragStart(e: PointerEvent<HTMLButtonElement>): void;
  onRemove(): void;
  dragging: boolean;
}

/** What a stage's column shows as in its name: the column, or its JSON when the JSON holds no string. */
export function columnText(stage: Stage): string {
  if (typeof stage.column === 'string') return stage.column;
  return stage.column === undefined ? '' : JSON.stringify(stage.column);
}

export function StageCard(props: StageCardProps) {
  const { stage, index, count, cards, handleRef, dragging } = props;
  const editCards = useBuilder((s) => s.editCards);
  const problems = useBuilder((s) => s.problems);
  const columnId = useId();
  const derivedId = useId();
  const moveHelpId = useId();
  const stageIssuesId = useId();

  const mine = problems.filter((p) => 'stageId' in p.target && p.target.stageId === stage.id);
  const fieldProblems = (field: string | null) =>
    mine.filter((p) => p.target.kind === 'stage' && p.target.field === field);
  const problemsOf = (nodeId: string) =>
    mine.filter((p) => p.target.kind === 'node' && p.target.nodeId === nodeId);
  const column = columnText(stage);
  const isBase = index === 0;
  const parents = derivableColumns(cards, index);
  const derivedFrom = typeof stage.derivedFrom === 'string' ? stage.derivedFrom : '';
  const showDerived = !isBase || stage.derivedFrom !== undefined;
  const hasError = mine.some((p) => p.severity === 'error');
  const missing = stage.strategy === 'missing';
  // Problems of the card and its fields show in one list under the fields, full width.
  const stageProblems = mine.filter((p) => p.target.kind === 'stage');
  const columnProblems = fieldProblems('column');
  const derivedProblems = fieldProblems('derivedFrom');
  const strategyProblems = fieldProblems('strategy');

  return (
    <fieldset
      className={`qb-stage${isBase ? ' qb-stage--base' : ''}${hasError ? ' has-error' : ''}${dragging ? ' is-dragging' : ''}`}
      aria-label={`Stage ${column}`}
      data-testid="stage-card"
    >
      <header className="qb-stage__header">
        <button
          ref={handleRef}
          type="button"
          className="qb-stage__handle"
          aria-label={`Move stage ${column}`}
          aria-describedby={moveHelpId}
          title="Drag to reorder, or press ↑ / ↓"
          onKeyDown={props.onMoveKey}
          onPointerDown={props.onDragStart}
        >
          <GripIcon size={16} />
        </button>
        <span id={moveHelpId} className="visually-hidden">
          Stage {index + 1} of {count}. Press the up or down arrow to move it.
        </span>
        <span className="qb-stage__number" aria-hidden="true">
          {index + 1}
        </span>
        <h3 className="qb-stage__title">
          {isBase ? 'Base stage' : missing ? 'Derived stage · must be missing' : 'Derived stage'}
        </h3>
        <span className="qb-stage__actions">
          <button
            type="button"
            className="icon-btn qb-icon-btn"
            aria-label={`Duplicate stage ${column}`}
            title="Duplicate stage"
            onClick={() => editCards((c) => duplicateStage(c, stage.id))}
          >
            <CopyIcon size={15} />
          </button>
          <button
            type="button"
            className="icon-btn icon-btn--danger qb-icon-btn"
            aria-label={`Remove stage ${column}`}
            title="Remove stage"
            onClick={props.onRemove}
          >
            <TrashIcon size={15} />
          </button>
        </span>
      </header>

      <div className="qb-stage__fields">
        <div className="qb-field qb-field--column">
          <label className="qb-field__label" htmlFor={columnId}>
            Column
          </label>
          <input
            id={columnId}
            className="input input--mono qb-select"
            value={column}
            placeholder="image_id"
            spellCheck={false}
            aria-invalid={columnProblems.length > 0 || undefined}
            aria-describedby={columnProblems.length > 0 ? stageIssuesId : undefined}
            onChange={(e) => {
              const text = e.target.value;
              editCards((c) => renameColumn(c, stage.id, text));
            }}
          />
        </div>

        {showDerived && (
          <div className="qb-field qb-field--derived">
            <label className="qb-field__label" htmlFor={derivedId}>
              Derived from
            </label>
            {isBase ? (
              <div className="qb-field__row">
                <span className="input input--mono qb-static">{JSON.stringify(stage.derivedFrom)}</span>
                <button
                  type="button"
                  className="btn btn--small"
                  id={derivedId}
                  onClick={() => editCards((c) => updateStage(c, stage.id, { derivedFrom: undefined }))}
                >
                  Remove
                </button>
              </div>
            ) : (
              <select
                id={derivedId}
                className="input input--mono qb-select"
                value={derivedFrom}
                aria-invalid={derivedProblems.length > 0 || undefined}
                aria-describedby={derivedProblems.length > 0 ? stageIssuesId : undefined}
                onChange={(e) => {
                  const value = e.target.value;
                  editCards((c) => updateStage(c, stage.id, { derivedFrom: value }));
                }}
              >
                {(derivedFrom === '' || stage.derivedFrom === undefined) && (
                  <option value="" disabled>
                    Choose a column
                  </option>
                )}
                {derivedFrom !== '' && !parents.includes(derivedFrom) && (
                  <option value={derivedFrom}>{derivedFrom} (unknown)</option>
                )}
                {parents.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </div>
        )}

        <div className="qb-field qb-field--strategy-wrap">
          <StrategyField
            value={stage.strategy}
            isBase={isBase}
            invalid={strategyProblems.length > 0}
            describedBy={strategyProblems.length > 0 ? stageIssuesId : undefined}
            onChange={(strategy) => editCards((c) => updateStage(c, stage.id, { strategy }))}
          />
        </div>
      </div>

      <IssueList problems={stageProblems} id={stageIssuesId} />

      <div className="qb-stage__conditions">
        <div className="qb-stage__where">
          <span className="qb-stage__where-label">Where</span>
          <span className="qb-stage__where-hint">
            {stage.conditions.length === 0
              ? isBase
                ? 'every datum matches'
                : `every datum derived from ${derivedFrom || 'the parent'} matches`
              : 'all of these match'}
          </span>
        </div>
        <NodeList stageId={stage.id} nodes={stage.conditions} parent={null} problemsOf={problemsOf} />
      </div>
    </fieldset>
  );
}

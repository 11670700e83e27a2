/**
 * A part of a filter the cards cannot show as conditions (an `$expr`, an `$elemMatch`, a sub-document…),
 * kept exactly as written. Editing it as JSON turns whatever the cards can show into conditions again.
 */
import { useId, useState } from 'react';
import {
  decodeFilter,
  formatInlineJson,
  formatQueryJson,
  isPlainObject,
  type JsonObject,
  objectFromEntries,
  parseJsonText,
  type RawCondition,
  replaceNode,
} from '#shared/query-builder/index';
import { EditIcon } from '../../components/icons';
import type { Problem } from './builder-analysis';
import { useBuilder } from './builder-store';
import { IssueList } from './issue-list';
import { NodeActions } from './node-actions';

export function RawConditionView({
  stageId,
  node,
  problems,
}: {
  stageId: string;
  node: RawCondition;
  problems: Problem[];
}) {
  const editCards = useBuilder((s) => s.editCards);
  const [editing, setEditing] = useState(false);
  const entry = objectFromEntries([[node.key, node.value]]);
  const flat = formatInlineJson(entry);
  const text = flat.length <= 72 ? flat : formatQueryJson(entry, 64);
  const issuesId = useId();

  return (
    <div className="qb-node">
      <fieldset
        className={`qb-raw${problems.some((p) => p.severity === 'error') ? ' has-error' : ''}`}
        aria-label="Raw JSON condition"
        aria-describedby={problems.length > 0 ? issuesId : undefined}
        data-testid="raw-condition"
      >
        <span
          className="qb-raw__badge"
          title="The cards cannot show this part of the filter; it is kept exactly as written"
        >
          JSON
        </span>
        {editing ? (
          <RawJsonForm
            initial={text}
            submitLabel="Apply"
            onCancel={() => setEditing(false)}
            onSubmit={(filter) => {
              editCards((c) => replaceNode(c, stageId, node.id, decodeFilter(filter)));
              setEditing(false);
            }}
          />
        ) : (
          <>
            <pre className="qb-raw__code" data-testid="raw-json">
              {text}
            </pre>
            <span className="qb-node-actions">
              <button
                type="button"
                className="icon-btn qb-icon-btn"
                aria-label="Edit JSON condition"
                title="Edit as JSON"
                onClick={() => setEditing(true)}
              >
                <EditIcon size={14} />
              </button>
            </span>
            <NodeActions stageId={stageId} nodeId={node.id} noun="JSON condition" />
          </>
        )}
      </fieldset>
      <IssueList problems={problems} id={issuesId} />
    </div>
  );
}

/** A small JSON form for a filter fragment: one object, one or more keys. */
export function RawJsonForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: string;
  submitLabel: string;
  onSubmit(filter: JsonObject): void;
  onCancel(): void;
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const submit = () => {
    const parsed = parseJsonText(text);
    if (!parsed.ok) return setError(parsed.error.message);
    if (!isPlainObject(parsed.value) || Object.keys(parsed.value).length === 0) {
      return setError('Write a filter object with at least one key, e.g. {"data.boxes": {"$size": 2}}');
    }
    onSubmit(parsed.value as JsonObject);
  };

  return (
    <div className="qb-raw-form">
      <textarea
        className="input input--mono qb-raw-form__text"
        aria-label="JSON condition"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={text}
        placeholder='{"data.boxes": {"$elemMatch": {"w": {"$gt": 10}}}}'
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: opened on request, the user types here next
        autoFocus
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          if (e.key === 'Escape') onCancel();
        }}
      />
      {error && (
        <p className="qb-draft__error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="qb-raw-form__actions">
        <button type="button" className="btn btn--small btn--primary" onClick={submit}>
          {submitLabel}
        </button>
        <button type="button" className="btn btn--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

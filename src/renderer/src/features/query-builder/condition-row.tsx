/** One condition: field path (suggested from the schema sample), an operator that fits it, a typed value. */
import { useId } from 'react';
import {
  type Condition,
  convertValue,
  defaultKindForTypes,
  emptyScalar,
  fieldPathError,
  OPERATOR_DESCRIPTIONS,
  OPERATOR_SHAPES,
  type OperatorId,
  operatorLabel,
  operatorsForTypes,
  type Parsed,
  typesAt,
  updateNode,
} from '#shared/query-builder/index';
import type { Problem } from './builder-analysis';
import { useBuilder } from './builder-store';
import { IssueList } from './issue-list';
import { NodeActions } from './node-actions';
import { DraftInput, ValueEditor } from './value-editors';

export const FIELD_LIST_ID = 'qb-field-suggestions';

export function ConditionRow({
  stageId,
  node,
  problems,
}: {
  stageId: string;
  node: Condition;
  problems: Problem[];
}) {
  const fields = useBuilder((s) => s.schema.fields);
  const editCards = useBuilder((s) => s.editCards);
  const issuesId = useId();
  const types = typesAt(fields, node.path);
  const fieldKind = defaultKindForTypes(types);
  const operators = operatorsForTypes(types);
  if (!operators.includes(node.operator)) operators.push(node.operator);
  const valueKind = types.includes('date') || isDateValue(node) ? 'date' : undefined;

  const update = (fn: (c: Condition) => Condition) =>
    editCards((cards) => updateNode(cards, stageId, node.id, (n) => (n.kind === 'condition' ? fn(n) : n)));

  return (
    <div className="qb-node">
      <fieldset
        className={`qb-cond${problems.some((p) => p.severity === 'error') ? ' has-error' : ''}`}
        aria-label={`Condition on ${node.path || 'a field'}`}
        aria-describedby={problems.length > 0 ? issuesId : undefined}
        data-testid="condition"
      >
        <DraftInput
          draftKey={`${node.id}:path`}
          label="Field"
          value={node.path}
          format={(p) => p}
          parse={parsePath}
          onCommit={(path) => update((c) => withPath(c, path, typesAt(fields, path)))}
          list={FIELD_LIST_ID}
          mono
          placeholder="data.type"
          title={types.length > 0 ? `Seen as ${types.join(', ')}` : undefined}
        />
        <select
          className="input qb-op"
          aria-label="Operator"
          value={node.operator}
          title={OPERATOR_DESCRIPTIONS[node.operator]}
          onChange={(e) => {
            const to = e.target.value as OperatorId;
            update((c) => ({ ...c, operator: to, value: convertValue(c.value, c.operator, to, fieldKind) }));
          }}
        >
          {operators.map((op) => (
            <option key={op} value={op} title={OPERATOR_DESCRIPTIONS[op]}>
              {operatorLabel(op, valueKind)}
            </option>
          ))}
        </select>
        <ValueEditor
          condition={node}
          fieldKind={fieldKind}
          onChange={(value) => update((c) => ({ ...c, value }))}
        />
        <NodeActions stageId={stageId} nodeId={node.id} noun="condition" />
      </fieldset>
      <IssueList problems={problems} id={issuesId} />
    </div>
  );
}

/**
 * A new field path; a condition that has no value yet takes the new field's kind (picking `added_at`
 * makes it a date), and an operator the field cannot use becomes `=`.
 */
function withPath(c: Condition, path: string, types: string[]): Condition {
  const untouched =
    c.value.kind === 'string' && c.value.value === '' && OPERATOR_SHAPES[c.operator] === 'scalar';
  if (!untouched || types.length === 0) return { ...c, path };
  const operator = operatorsForTypes(types).includes(c.operator) ? c.operator : 'eq';
  return { ...c, path, operator, value: emptyScalar(defaultKindForTypes(types)) };
}

function parsePath(text: string): Parsed<string> {
  const error = fieldPathError(text);
  return error ? { ok: false, error } : { ok: true, value: text };
}

function isDateValue(c: Condition): boolean {
  const v = c.value;
  return (
    v.kind === 'date' ||
    v.kind === 'dateRange' ||
    (v.kind === 'list' && v.items.some((i) => i.kind === 'date'))
  );
}

/** An AND / OR / NOR group of conditions, nestable. */
import { useId } from 'react';
import { type Combinator, type ConditionGroup, updateNode } from '#shared/query-builder/index';
import type { Problem } from './builder-analysis';
import { useBuilder } from './builder-store';
import { IssueList } from './issue-list';
import { NodeActions } from './node-actions';
import { NodeList } from './node-list';

const COMBINATORS: Array<{ value: Combinator; label: string; hint: string }> = [
  { value: 'and', label: 'All', hint: 'every condition below matches' },
  { value: 'or', label: 'Any', hint: 'at least one condition below matches' },
  { value: 'nor', label: 'None', hint: 'no condition below matches' },
];

export const GROUP_NAMES: Record<Combinator, string> = { and: 'AND', or: 'OR', nor: 'NOR' };

export function ConditionGroupView({
  stageId,
  node,
  problemsOf,
}: {
  stageId: string;
  node: ConditionGroup;
  problemsOf(nodeId: string): Problem[];
}) {
  const editCards = useBuilder((s) => s.editCards);
  const labelId = useId();
  const radioName = useId();
  const current = COMBINATORS.find((c) => c.value === node.combinator) ?? COMBINATORS[0];
  const setCombinator = (combinator: Combinator) =>
    editCards((c) => updateNode(c, stageId, node.id, (n) => (n.kind === 'group' ? { ...n, combinator } : n)));

  return (
    <fieldset
      className={`qb-group qb-group--${node.combinator}`}
      aria-label={`${GROUP_NAMES[node.combinator]} group`}
      data-testid="condition-group"
    >
      <div className="qb-group__bar">
        <span className="qb-group__tag">{GROUP_NAMES[node.combinator]}</span>
        <div className="qb-seg" role="radiogroup" aria-labelledby={labelId}>
          {COMBINATORS.map((c) => (
            <label key={c.value} className="qb-seg__btn" title={`Match when ${c.hint}`}>
              <input
                type="radio"
                className="qb-seg__input"
                name={radioName}
                value={c.value}
                checked={c.value === node.combinator}
                onChange={() => setCombinator(c.value)}
              />
              {c.label}
            </label>
          ))}
        </div>
        <span className="qb-group__hint" id={labelId}>
          Match when {current.hint}
        </span>
        <NodeActions stageId={stageId} nodeId={node.id} noun="group" />
      </div>
      <IssueList problems={problemsOf(node.id)} />
      <NodeList stageId={stageId} nodes={node.children} parent={node} problemsOf={problemsOf} />
    </fieldset>
  );
}

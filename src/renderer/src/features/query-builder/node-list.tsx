/** The conditions of a stage or a group, and the buttons that add to them. */
import { useState } from 'react';
import {
  addNode,
  type ConditionGroup,
  type ConditionNode,
  decodeFilter,
  newCondition,
  newGroup,
} from '#shared/query-builder/index';
import { PlusIcon } from '../../components/icons';
import type { Problem } from './builder-analysis';
import { useBuilder } from './builder-store';
import { ConditionGroupView } from './condition-group';
import { ConditionRow } from './condition-row';
import { BracesIcon } from './icons';
import { RawConditionView, RawJsonForm } from './raw-condition';
import './conditions.css';

interface NodeListProps {
  stageId: string;
  nodes: ConditionNode[];
  /** The group holding these nodes; null for the stage's own list. */
  parent: ConditionGroup | null;
  problemsOf(nodeId: string): Problem[];
}

export function NodeList({ stageId, nodes, parent, problemsOf }: NodeListProps) {
  const editCards = useBuilder((s) => s.editCards);
  const [addingJson, setAddingJson] = useState(false);
  const parentId = parent?.id ?? null;
  // A group inside an AND list starts as OR (an AND group there would add nothing).
  const groupKind = parent?.combinator === 'or' ? 'and' : 'or';

  return (
    <div className="qb-nodes">
      {nodes.length > 0 && (
        <ul className="qb-nodes__list">
          {nodes.map((node) => (
            <li key={node.id}>
              {node.kind === 'condition' ? (
                <ConditionRow stageId={stageId} node={node} problems={problemsOf(node.id)} />
              ) : node.kind === 'group' ? (
                <ConditionGroupView stageId={stageId} node={node} problemsOf={problemsOf} />
              ) : (
                <RawConditionView stageId={stageId} node={node} problems={problemsOf(node.id)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {addingJson && (
        <RawJsonForm
          initial=""
          submitLabel="Add"
          onCancel={() => setAddingJson(false)}
          onSubmit={(filter) => {
            const added = decodeFilter(filter);
            editCards((cards) => added.reduce((c, node) => addNode(c, stageId, parentId, node), cards));
            setAddingJson(false);
          }}
        />
      )}
      <div className="qb-add">
        <button
          type="button"
          className="btn btn--small btn--ghost qb-add__btn"
          onClick={() => editCards((c) => addNode(c, stageId, parentId, newCondition()))}
        >
          <PlusIcon size={14} /> Condition
        </button>
        <button
          type="button"
          className="btn btn--small btn--ghost qb-add__btn"
          onClick={() => editCards((c) => addNode(c, stageId, parentId, newGroup(groupKind)))}
        >
          <PlusIcon size={14} /> Group
        </button>
        <button
          type="button"
          className="btn btn--small btn--ghost qb-add__btn"
          onClick={() => setAddingJson(true)}
          disabled={addingJson}
          title="Add a filter the cards cannot show, as MongoDB JSON"
        >
          <BracesIcon size={14} /> JSON condition
        </button>
      </div>
    </div>
  );
}

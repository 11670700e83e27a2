/**
 * Edits of the cards, as pure functions from cards to cards: stages (add, duplicate, remove with the
 * stages that derive from them, move, rename a column and the references to it) and condition nodes
 * (add, replace, remove, duplicate, move within their group).
 */
import type {
  Condition,
  ConditionGroup,
  ConditionNode,
  JsonValue,
  QueryCards,
  ScalarKind,
  StageCard,
} from './model';
import { newId } from './model';
import { emptyScalar } from './operators';

const asString = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);

export const columnOf = (stage: StageCard): string | null => asString(stage.column);

/** The columns before a stage that it may derive from (not `missing`: those add no column). */
export function derivableColumns(cards: QueryCards, stageIndex: number): string[] {
  return cards.stages
    .slice(0, stageIndex)
    .filter((s) => s.strategy !== 'missing')
    .map(columnOf)
    .filter((c): c is string => c !== null && c !== '');
}

/** A column name not yet used: `base`, then `stage2`, `stage3`, … (or `<name>_copy` for a duplicate). */
export function freeColumnName(cards: QueryCards, wanted: string): string {
  const used = new Set(cards.stages.map(columnOf));
  if (!used.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!used.has(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

export function newStage(cards: QueryCards): StageCard {
  const index = cards.stages.length;
  if (index === 0)
    return { id: newId(), column: 'base_id', strategy: undefined, derivedFrom: undefined, conditions: [] };
  const parents = derivableColumns(cards, index);
  return {
    id: newId(),
    column: freeColumnName(cards, `stage${index + 1}_id`),
    strategy: 'latest',
    derivedFrom: parents[parents.length - 1] ?? '',
    conditions: [],
  };
}

export const addStage = (cards: QueryCards): QueryCards => ({ stages: [...cards.stages, newStage(cards)] });

export function updateStage(
  cards: QueryCards,
  id: string,
  patch: Partial<Omit<StageCard, 'id'>>,
): QueryCards {
  return { stages: cards.stages.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

/**
 * Renames a stage's column, and the later stages that derive from it follow, as long as the old name
 * was this stage's alone (while two stages share a name, a reference cannot say which one it means).
 */
export function renameColumn(cards: QueryCards, id: string, column: string): QueryCards {
  const index = cards.stages.findIndex((s) => s.id === id);
  if (index < 0) return cards;
  const old = columnOf(cards.stages[index]);
  const unique = old !== null && old !== '' && cards.stages.filter((s) => columnOf(s) === old).length === 1;
  return {
    stages: cards.stages.map((s, i) => {
      if (i === index) return { ...s, column };
      if (unique && i > index && s.derivedFrom === old) return { ...s, derivedFrom: column };
      return s;
    }),
  };
}

/** The stages after `id` that derive from its column, directly or through each other. */
export function dependentsOf(cards: QueryCards, id: string): StageCard[] {
  const index = cards.stages.findIndex((s) => s.id === id);
  if (index < 0) return [];
  const removed = new Set<string>();
  const first = columnOf(cards.stages[index]);
  if (first === null || first === '') return [];
  removed.add(first);
  const out: StageCard[] = [];
  for (const s of cards.stages.slice(index + 1)) {
    const from = asString(s.derivedFrom);
    if (from !== null && removed.has(from)) {
      out.push(s);
      const column = columnOf(s);
      if (column) removed.add(column);
    }
  }
  return out;
}

/** The stages that derive from `id` directly. */
export function directDependentsOf(cards: QueryCards, id: string): StageCard[] {
  const index = cards.stages.findIndex((s) => s.id === id);
  const column = index < 0 ? null : columnOf(cards.stages[index]);
  if (!column) return [];
  return cards.stages.slice(index + 1).filter((s) => s.derivedFrom === column);
}

/**
 * How to remove a stage that others derive from: `cascade` removes them too, `reattach` points them to
 * the column the removed stage derived from, `leave` leaves their reference broken (the validator says so).
 */
export type RemoveFix = 'cascade' | 'reattach' | 'leave';

/** Where `reattach` would point the dependents, or null when the stage has no parent to hand over. */
export function reattachTarget(cards: QueryCards, id: string): string | null {
  const index = cards.stages.findIndex((s) => s.id === id);
  if (index <= 0) return null;
  const parent = asString(cards.stages[index].derivedFrom);
  return parent && derivableColumns(cards, index).includes(parent) ? parent : null;
}

export function removeStage(cards: QueryCards, id: string, fix: RemoveFix = 'leave'): QueryCards {
  const stage = cards.stages.find((s) => s.id === id);
  if (!stage) return cards;
  if (fix === 'cascade') {
    const gone = new Set([id, ...dependentsOf(cards, id).map((s) => s.id)]);
    return { stages: cards.stages.filter((s) => !gone.has(s.id)) };
  }
  const target = fix === 'reattach' ? reattachTarget(cards, id) : null;
  const direct = new Set(directDependentsOf(cards, id).map((s) => s.id));
  return {
    stages: cards.stages
      .filter((s) => s.id !== id)
      .map((s) => (target !== null && direct.has(s.id) ? { ...s, derivedFrom: target } : s)),
  };
}

/** A copy right after the original, with a new column name and new ids. */
export function duplicateStage(cards: QueryCards, id: string): QueryCards {
  const index = cards.stages.findIndex((s) => s.id === id);
  if (index < 0) return cards;
  const original = cards.stages[index];
  const column = columnOf(original);
  const copy: StageCard = {
    ...original,
    id: newId(),
    column: column === null ? original.column : freeColumnName(cards, `${column}_copy`),
    conditions: original.conditions.map(cloneNode),
  };
  // A copy of the base derives from nothing: it becomes a derived stage only if the user says so.
  if (index === 0) {
    copy.derivedFrom = column ?? '';
    if (copy.strategy === undefined) copy.strategy = 'latest';
  }
  const stages = [...cards.stages];
  stages.splice(index + 1, 0, copy);
  return { stages };
}

export function moveStage(cards: QueryCards, id: string, toIndex: number): QueryCards {
  const from = cards.stages.findIndex((s) => s.id === id);
  if (from < 0) return cards;
  const to = Math.max(0, Math.min(cards.stages.length - 1, toIndex));
  if (from === to) return cards;
  const stages = [...cards.stages];
  const [moved] = stages.splice(from, 1);
  stages.splice(to, 0, moved);
  return { stages };
}

// ---------- condition nodes ----------

export function cloneNode(node: ConditionNode): ConditionNode {
  return node.kind === 'group'
    ? { ...node, id: newId(), children: node.children.map(cloneNode) }
    : { ...node, id: newId() };
}

export function newCondition(path = '', kind: ScalarKind = 'string'): Condition {
  return { kind: 'condition', id: newId(), path, operator: 'eq', value: emptyScalar(kind) };
}

export function newGroup(combinator: ConditionGroup['combinator'] = 'or'): ConditionGroup {
  return { kind: 'group', id: newId(), combinator, children: [newCondition()] };
}

/** Applies `fn` to the list that holds `nodeId` (or to the stage's top list for `parentId === null`). */
function editList(
  nodes: ConditionNode[],
  parentId: string | null,
  fn: (list: ConditionNode[]) => ConditionNode[],
): ConditionNode[] {
  if (parentId === null) return fn(nodes);
  return nodes.map((n) =>
    n.kind !== 'group'
      ? n
      : n.id === parentId
        ? { ...n, children: fn(n.children) }
        : { ...n, children: editList(n.children, parentId, fn) },
  );
}

/** The id of the group that holds a node (null for the stage's top list), or undefined when absent. */
export function parentOf(
  nodes: readonly ConditionNode[],
  nodeId: string,
  parentId: string | null = null,
): string | null | undefined {
  for (const n of nodes) {
    if (n.id === nodeId) return parentId;
    if (n.kind === 'group') {
      const found = parentOf(n.children, nodeId, n.id);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function findNode(nodes: readonly ConditionNode[], nodeId: string): ConditionNode | undefined {
  for (const n of nodes) {
    if (n.id === nodeId) return n;
    if (n.kind === 'group') {
      const found = findNode(n.children, nodeId);
      if (found) return found;
    }
  }
  return undefined;
}

const onStage = (
  cards: QueryCards,
  stageId: string,
  fn: (nodes: ConditionNode[]) => ConditionNode[],
): QueryCards => ({
  stages: cards.stages.map((s) => (s.id === stageId ? { ...s, conditions: fn(s.conditions) } : s)),
});

export function addNode(
  cards: QueryCards,
  stageId: string,
  parentId: string | null,
  node: ConditionNode,
): QueryCards {
  return onStage(cards, stageId, (nodes) => editList(nodes, parentId, (list) => [...list, node]));
}

/** Replaces one node by zero or more nodes in its place. */
export function replaceNode(
  cards: QueryCards,
  stageId: string,
  nodeId: string,
  by: ConditionNode[],
): QueryCards {
  return onStage(cards, stageId, (nodes) => {
    const parent = parentOf(nodes, nodeId);
    if (parent === undefined) return nodes;
    return editList(nodes, parent, (list) => list.flatMap((n) => (n.id === nodeId ? by : [n])));
  });
}

export function updateNode(
  cards: QueryCards,
  stageId: string,
  nodeId: string,
  fn: (node: ConditionNode) => ConditionNode,
): QueryCards {
  const stage = cards.stages.find((s) => s.id === stageId);
  const node = stage && findNode(stage.conditions, nodeId);
  return node ? replaceNode(cards, stageId, nodeId, [fn(node)]) : cards;
}

export const removeNode = (cards: QueryCards, stageId: string, nodeId: string): QueryCards =>
  replaceNode(cards, stageId, nodeId, []);

export function duplicateNode(cards: QueryCards, stageId: string, nodeId: string): QueryCards {
  return updateNodeList(cards, stageId, nodeId, (list, i) => {
    const copy = [...list];
    copy.splice(i + 1, 0, cloneNode(list[i]));
    return copy;
  });
}

/** Moves a node up (-1) or down (+1) among its siblings. */
export function moveNode(cards: QueryCards, stageId: string, nodeId: string, delta: -1 | 1): QueryCards {
  return updateNodeList(cards, stageId, nodeId, (list, i) => {
    const j = i + delta;
    if (j < 0 || j >= list.length) return list;
    const copy = [...list];
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return copy;
  });
}

function updateNodeList(
  cards: QueryCards,
  stageId: string,
  nodeId: string,
  fn: (list: ConditionNode[], index: number) => ConditionNode[],
): QueryCards {
  return onStage(cards, stageId, (nodes) => {
    const parent = parentOf(nodes, nodeId);
    if (parent === undefined) return nodes;
    return editList(nodes, parent, (list) =>
      fn(
        list,
        list.findIndex((n) => n.id === nodeId),
      ),
    );
  });
}

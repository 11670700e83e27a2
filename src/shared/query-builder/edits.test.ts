import { describe, expect, it } from 'vitest';
import { queryToCards } from './decode';
import {
  addNode,
  addStage,
  dependentsOf,
  derivableColumns,
  duplicateNode,
  duplicateStage,
  moveNode,
  moveStage,
  newCondition,
  reattachTarget,
  removeNode,
  removeStage,
  renameColumn,
} from './edits';
import { cardsToQuery } from './encode';
import type { QueryCards } from './model';

function cards(json: unknown): QueryCards {
  const r = queryToCards(json);
  if (!r.ok) throw new Error(r.error);
  return r.cards;
}

const THREE = [
  { column: 'image_id', 'data.type': 'image' },
  { column: 'label_id', derived_from: 'image_id', 'data.type': 'classification' },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
];
const columns = (c: QueryCards) => c.stages.map((s) => s.column);
const idOf = (c: QueryCards, column: string) => c.stages.find((s) => s.column === column)!.id;

describe('stage edits', () => {
  it('adds a base stage, then derived stages from the last column', () => {
    let c: QueryCards = { stages: [] };
    c = addStage(c);
    c = addStage(c);
    c = addStage(c);
    expect(cardsToQuery(c)).toEqual([
      { column: 'base_id' },
      { column: 'stage2_id', derived_from: 'base_id', strategy: 'latest' },
      { column: 'stage3_id', derived_from: 'stage2_id', strategy: 'latest' },
    ]);
  });

  it('offers earlier, non-missing columns to derive from', () => {
    const c = cards([...THREE, { column: 'x', derived_from: 'image_id' }]);
    expect(derivableColumns(c, 3)).toEqual(['image_id', 'label_id']);
    expect(derivableColumns(c, 0)).toEqual([]);
  });

  it('renames a column and the stages that derive from it follow', () => {
    const base = cards(THREE);
    const renamed = renameColumn(base, idOf(base, 'label_id'), 'label');
    expect(cardsToQuery(renamed).map((q) => [q.column, q.derived_from])).toEqual([
      ['image_id', undefined],
      ['label', 'image_id'],
      ['bbox_id', 'label'],
    ]);
  });

  it('does not move references while two stages share the old name', () => {
    const base = cards([
      { column: 'a' },
      { column: 'a', derived_from: 'a' },
      { column: 'b', derived_from: 'a' },
    ]);
    const renamed = renameColumn(base, base.stages[1].id, 'z');
    expect(cardsToQuery(renamed).map((q) => q.derived_from)).toEqual([undefined, 'a', 'a']);
  });

  it('finds the stages that derive from a column, through each other', () => {
    const c = cards(THREE);
    expect(dependentsOf(c, idOf(c, 'image_id')).map((s) => s.column)).toEqual(['label_id', 'bbox_id']);
    expect(dependentsOf(c, idOf(c, 'bbox_id'))).toEqual([]);
  });

  it('removes a stage with its dependents, or points them to its parent, or leaves them', () => {
    const c = cards(THREE);
    const label = idOf(c, 'label_id');
    expect(columns(removeStage(c, label, 'cascade'))).toEqual(['image_id']);
    expect(reattachTarget(c, label)).toBe('image_id');
    expect(cardsToQuery(removeStage(c, label, 'reattach'))[1]).toMatchObject({
      column: 'bbox_id',
      derived_from: 'image_id',
    });
    expect(cardsToQuery(removeStage(c, label, 'leave'))[1]).toMatchObject({
      column: 'bbox_id',
      derived_from: 'label_id',
    });
    expect(reattachTarget(c, idOf(c, 'image_id'))).toBeNull();
  });

  it('duplicates a stage right after it with a free name', () => {
    const c = cards(THREE);
    const d = duplicateStage(c, idOf(c, 'label_id'));
    expect(columns(d)).toEqual(['image_id', 'label_id', 'label_id_copy', 'bbox_id']);
    expect(cardsToQuery(d)[2]).toEqual({ ...THREE[1], column: 'label_id_copy' });
    const ids = new Set(d.stages.flatMap((s) => [s.id, ...s.conditions.map((n) => n.id)]));
    expect(ids.size).toBe(8); // all new ids
  });

  it('moves a stage, clamped to the list', () => {
    const c = cards(THREE);
    expect(columns(moveStage(c, idOf(c, 'bbox_id'), 0))).toEqual(['bbox_id', 'image_id', 'label_id']);
    expect(columns(moveStage(c, idOf(c, 'image_id'), 9))).toEqual(['label_id', 'bbox_id', 'image_id']);
  });
});

describe('condition edits', () => {
  it('adds, duplicates, moves and removes conditions inside groups', () => {
    let c = cards([{ column: 'c', a: 1, $or: [{ b: 1 }, { b: 2 }] }]);
    const stageId = c.stages[0].id;
    const group = c.stages[0].conditions[1];
    if (group.kind !== 'group') throw new Error('expected a group');
    c = addNode(c, stageId, group.id, newCondition('d'));
    c = duplicateNode(c, stageId, group.children[0].id);
    expect(cardsToQuery(c)).toEqual([{ column: 'c', a: 1, $or: [{ b: 1 }, { b: 1 }, { b: 2 }, { d: '' }] }]);
    c = moveNode(c, stageId, group.children[1].id, 1);
    expect(cardsToQuery(c)).toEqual([{ column: 'c', a: 1, $or: [{ b: 1 }, { b: 1 }, { d: '' }, { b: 2 }] }]);
    c = removeNode(c, stageId, group.id);
    expect(cardsToQuery(c)).toEqual([{ column: 'c', a: 1 }]);
  });
});

/**
 * The builder's two views of one query kept in step: card edits rewrite the JSON text, text edits rebuild
 * the cards, and problems (validator, text, values being typed) decide what Run says. Runs the real store
 * and the shared validator; only the schema call (which needs a host) is not made here.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addNode, newCondition, renameColumn, updateStage } from '#shared/query-builder/index';
import { parseRowsWanted, runBlocker } from './builder-analysis';
import { useBuilder } from './builder-store';

const store = () => useBuilder.getState();
const blocker = () => runBlocker({ ...store(), stageCount: store().cards.stages.length });
const THREE = [
  { column: 'image_id', 'data.type': 'image' },
  { column: 'label_id', derived_from: 'image_id', strategy: 'latest', 'data.type': 'classification' },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
];

beforeEach(() => {
  store().setText(JSON.stringify(THREE));
  store().setRowsWanted('');
  store().setTranspose(false);
});

describe('the builder store', () => {
  it('rebuilds the cards from the text, and Run can run it', () => {
    expect(store().cards.stages.map((s) => s.column)).toEqual(['image_id', 'label_id', 'bbox_id']);
    expect(store().problems).toEqual([]);
    expect(blocker()).toBeNull();
  });

  it('rewrites the text after a card edit, formatted', () => {
    const label = store().cards.stages[1];
    store().editCards((c) => renameColumn(c, label.id, 'label'));
    expect(JSON.parse(store().text)).toEqual([
      THREE[0],
      { ...THREE[1], column: 'label' },
      { ...THREE[2], derived_from: 'label' },
    ]);
    expect(store().text.split('\n')[2]).toBe('    "column": "image_id",');
  });

  it('places validator problems and makes the first one the reason Run gives', () => {
    const label = store().cards.stages[1];
    store().editCards((c) => updateStage(c, label.id, { derivedFrom: 'nope' }));
    const [problem] = store().problems;
    expect(problem).toMatchObject({
      message: 'Unknown derived_from reference: nope',
      severity: 'error',
      target: { kind: 'stage', stageId: label.id, field: 'derivedFrom' },
    });
    expect(store().text.slice(problem.range!.from, problem.range!.to)).toBe('"derived_from"');
    expect(blocker()).toBe('Unknown derived_from reference: nope');
  });

  it('keeps the cards (read-only) while the text does not parse, and says where it breaks', () => {
    const before = store().cards;
    store().setText('[{"column": "image_id",]');
    expect(store().cards).toBe(before);
    expect(store().textProblem?.message).toMatch(
      /^JSON syntax error at line 1, column 24: expected a property name/,
    );
    expect(blocker()).toBe(store().textProblem?.message);
    store().editCards((c) => addNode(c, before.stages[0].id, null, newCondition('x')));
    expect(store().cards).toBe(before); // refused while the text is broken
    store().setText(JSON.stringify(THREE));
    expect(store().textProblem).toBeNull();
  });

  it('refuses JSON that is not a query list, naming the place', () => {
    const text = '[{"column": "a"}, 42]';
    store().setText(text);
    const at = text.indexOf('42');
    expect(store().textProblem).toEqual({
      message: 'Query 1 must be an object, got 42',
      range: { from: at, to: at + 2 },
    });
  });

  it('keeps a card id while its stage is edited as text', () => {
    const ids = store().cards.stages.map((s) => s.id);
    store().setText(JSON.stringify([{ ...THREE[0], 'data.size': 3 }, THREE[1], THREE[2]]));
    expect(store().cards.stages.map((s) => s.id)).toEqual(ids);
  });

  it('checks Rows wanted with the validator, and what is not a number itself', () => {
    store().setRowsWanted('abc');
    expect(blocker()).toBe('Rows wanted: "abc" is not a number');
    store().setRowsWanted('1.5');
    expect(blocker()).toBe('datumsWanted must be a positive integer, got 1.5');
    expect(store().problems[0].target).toEqual({ kind: 'option', option: 'datumsWanted' });
    store().setRowsWanted(' 10 ');
    expect(blocker()).toBeNull();
  });

  it('lets a value being typed block Run until it is one', () => {
    store().setDraft('n1:value', '"wide" is not a number');
    expect(blocker()).toBe('"wide" is not a number');
    store().setDraft('n1:value', null);
    expect(blocker()).toBeNull();
  });

  it('says a query needs a base stage', () => {
    store().setText('[]');
    expect(blocker()).toBe('Add a base stage to build a query');
  });

  it('warns about duplicate keys at their card', () => {
    store().setText('[{"column": "a", "x": 1, "x": 2}]');
    expect(store().problems).toMatchObject([
      {
        severity: 'warning',
        message: 'Duplicate key "x": only the last one counts',
        target: { kind: 'node' },
      },
    ]);
    expect(blocker()).toBeNull();
  });
});

describe('parseRowsWanted', () => {
  it('reads empty as no limit', () => {
    expect(parseRowsWanted('  ')).toEqual({ value: undefined, error: null });
    expect(parseRowsWanted('7')).toEqual({ value: 7, error: null });
  });
});

/** A validator error placed at its card and condition, and at its characters in the JSON text. */
import { describe, expect, it } from 'vitest';
import { validateQueryIssues } from '../query/validate';
import { queryToCards } from './decode';
import { encodeCards } from './encode';
import { formatQueryJson, parseJsonText } from './json-text';
import { issueRange, issueTarget } from './locate';
import type { ConditionNode, QueryCards } from './model';
import { walkNodes } from './model';

/** Decodes typed JSON text, validates it, and says where each issue is: [card column, node, marked text]. */
function placeAll(text: string) {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const decoded = queryToCards(parsed.value);
  if (!decoded.ok) throw new Error(decoded.error);
  return placeIssues(decoded.cards, decoded.paths, parsed, decoded.single, text);
}

function placeIssues(
  cards: QueryCards,
  paths: Parameters<typeof issueTarget>[2],
  parsed: ReturnType<typeof parseJsonText>,
  single: boolean,
  text: string,
) {
  const value = parsed.ok ? parsed.value : null;
  return validateQueryIssues(value as never).map((issue) => {
    const target = issueTarget(issue, cards, paths);
    const range = issueRange(issue, parsed, single);
    const stage = 'stageId' in target ? cards.stages.find((s) => s.id === target.stageId) : undefined;
    const node: ConditionNode | undefined =
      target.kind === 'node' && stage
        ? [...walkNodes(stage.conditions)].find((n) => n.id === target.nodeId)
        : undefined;
    return {
      card: stage?.column,
      at: target.kind === 'stage' ? (target.field ?? 'card') : node ? nodeLabel(node) : target.kind,
      text: range ? text.slice(range.from, range.to) : null,
    };
  });
}

function nodeLabel(node: ConditionNode): string {
  if (node.kind === 'condition') return `${node.path} ${node.operator}`;
  if (node.kind === 'raw') return `raw ${node.key}`;
  return `${node.combinator} group`;
}

describe('placing validation errors', () => {
  it('puts reserved-key errors on the card field and the key', () => {
    const text = formatQueryJson([
      { column: 'image_id' },
      { column: 'label_id', derived_from: 'nope' },
      { column: 'image_id', derived_from: 'image_id', strategy: 'sometimes' },
    ]);
    expect(placeAll(text)).toEqual([
      { card: 'label_id', at: 'derivedFrom', text: '"derived_from"' },
      { card: 'image_id', at: 'strategy', text: '"strategy"' },
    ]);
  });

  it('puts a missing column on the card, marking its object', () => {
    expect(placeAll('[{"a": 1}]')).toEqual([{ card: undefined, at: 'card', text: '{"a": 1}' }]);
  });

  it('puts filter errors on the condition that shows the key', () => {
    const text = JSON.stringify([
      {
        column: 'c',
        'data.size': { $gt: 1, $in: 3 },
        $or: [{ 'data.label': { $regex: '(' } }, { $where: 'x' }],
      },
    ]);
    expect(placeAll(text)).toEqual([
      { card: 'c', at: 'raw data.size', text: '"$in"' },
      { card: 'c', at: 'data.label regex', text: '"$regex"' },
      { card: 'c', at: 'raw $where', text: '"$where"' },
    ]);
  });

  it('puts an empty group error on the group', () => {
    expect(placeAll('[{"column": "c", "$or": []}]')).toEqual([{ card: 'c', at: 'or group', text: '"$or"' }]);
  });

  it('puts an empty field name on its condition', () => {
    expect(placeAll('[{"column": "c", "": "x"}]')).toEqual([{ card: 'c', at: ' eq', text: '""' }]);
  });

  it('works on a single query object (no list around it)', () => {
    expect(placeAll('{"column": "c", "a": {"$foo": 1}}')).toEqual([
      { card: 'c', at: 'raw a', text: '"$foo"' },
    ]);
  });

  it('places errors in JSON written from the cards, too', () => {
    const decoded = queryToCards([{ column: 'c', $or: [{ a: 1 }], $and: [{ $or: [] }] }]);
    if (!decoded.ok) throw new Error(decoded.error);
    const { query, paths } = encodeCards(decoded.cards);
    const text = formatQueryJson(query);
    expect(text).toContain('"$and": [{"$or": [{"a": 1}]}, {"$or": []}]');
    expect(placeIssues(decoded.cards, paths, parseJsonText(text), false, text)).toEqual([
      { card: 'c', at: 'or group', text: '"$or"' },
    ]);
    // and it is the second $or, the empty one
    const issue = validateQueryIssues(query as never)[0];
    const target = issueTarget(issue, decoded.cards, paths);
    const second = decoded.cards.stages[0].conditions[1];
    expect(target).toEqual({ kind: 'node', stageId: decoded.cards.stages[0].id, nodeId: second.id });
  });

  it('sends option errors to the option', () => {
    const decoded = queryToCards([{ column: 'c' }]);
    if (!decoded.ok) throw new Error(decoded.error);
    const [issue] = validateQueryIssues([{ column: 'c' }], { datumsWanted: 0 });
    expect(issueTarget(issue, decoded.cards, decoded.paths)).toEqual({
      kind: 'option',
      option: 'datumsWanted',
    });
    expect(issueRange(issue, parseJsonText('[]'), false)).toBeNull();
  });
});

/** Cards ⇄ query JSON on examples: what each JSON shape becomes, and that it comes back the same. */
import { describe, expect, it } from 'vitest';
import { queryToCards } from './decode';
import { cardsToQuery, encodeCards } from './encode';
import type { ConditionNode, JsonObject, QueryCards } from './model';
import { sameCards, withoutIds } from './model';

function cards(json: unknown): QueryCards {
  const r = queryToCards(json);
  if (!r.ok) throw new Error(r.error);
  return r.cards;
}

const nodes = (json: JsonObject): unknown => {
  const c = cards([{ column: 'c', ...json }]);
  return (withoutIds(c) as Array<{ conditions: unknown }>)[0].conditions;
};

const str = (value: string) => ({ kind: 'string', value });
const num = (value: number) => ({ kind: 'number', value });

const BASE = { column: 'image_id', 'metadata.project': 'P', 'data.type': 'image' };
const LBL = {
  column: 'label_id',
  derived_from: 'image_id',
  strategy: 'latest',
  'data.type': 'classification',
};
const BOX = { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' };

describe('queryToCards', () => {
  it('reads the three-stage query of the spec as three cards', () => {
    const c = cards([BASE, LBL, BOX]);
    expect(withoutIds(c)).toEqual([
      {
        column: 'image_id',
        strategy: undefined,
        derivedFrom: undefined,
        conditions: [
          { kind: 'condition', path: 'metadata.project', operator: 'eq', value: str('P') },
          { kind: 'condition', path: 'data.type', operator: 'eq', value: str('image') },
        ],
      },
      {
        column: 'label_id',
        strategy: 'latest',
        derivedFrom: 'image_id',
        conditions: [{ kind: 'condition', path: 'data.type', operator: 'eq', value: str('classification') }],
      },
      {
        column: 'bbox_id',
        strategy: 'missing',
        derivedFrom: 'label_id',
        conditions: [{ kind: 'condition', path: 'data.type', operator: 'eq', value: str('bbox') }],
      },
    ]);
    expect(cardsToQuery(c)).toEqual([BASE, LBL, BOX]);
  });

  it('reads one operator object as one condition per operator', () => {
    expect(nodes({ 'data.size': { $gt: 600, $lte: 4096 } })).toEqual([
      { kind: 'condition', path: 'data.size', operator: 'gt', value: num(600) },
      { kind: 'condition', path: 'data.size', operator: 'lte', value: num(4096) },
    ]);
  });

  it('reads every operator the cards show', () => {
    expect(
      nodes({
        a: { $ne: null },
        b: { $in: ['x', 1] },
        c: { $nin: [] },
        d: { $exists: false },
        e: { $size: 2 },
        f: { $regex: '^ca', $options: 'i' },
        g: { $gte: { $date: '2024-01-01T00:00:00Z' }, $lte: { $date: '2024-02-01T00:00:00Z' } },
        h: { $lt: { $date: '2024-01-01T00:00:00Z' } },
        i: { $eq: { $oid: '0123456789abcdef01234567' } },
        j: ['x', 'y'],
      }),
    ).toEqual([
      { kind: 'condition', path: 'a', operator: 'ne', value: { kind: 'null' } },
      { kind: 'condition', path: 'b', operator: 'in', value: { kind: 'list', items: [str('x'), num(1)] } },
      { kind: 'condition', path: 'c', operator: 'nin', value: { kind: 'list', items: [] } },
      { kind: 'condition', path: 'd', operator: 'exists', value: { kind: 'boolean', value: false } },
      { kind: 'condition', path: 'e', operator: 'size', value: num(2) },
      {
        kind: 'condition',
        path: 'f',
        operator: 'regex',
        value: { kind: 'regex', pattern: '^ca', flags: 'i' },
      },
      {
        kind: 'condition',
        path: 'g',
        operator: 'between',
        value: { kind: 'dateRange', from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' },
      },
      { kind: 'condition', path: 'h', operator: 'lt', value: { kind: 'date', iso: '2024-01-01T00:00:00Z' } },
      {
        kind: 'condition',
        path: 'i',
        operator: 'eq',
        value: { kind: 'objectId', hex: '0123456789abcdef01234567' },
      },
      { kind: 'condition', path: 'j', operator: 'eq', value: { kind: 'list', items: [str('x'), str('y')] } },
    ]);
  });

  it('keeps what the cards cannot show as raw JSON conditions, verbatim', () => {
    const raw = {
      $expr: { $gt: ['$data.w', '$data.h'] },
      'data.boxes': { $elemMatch: { w: { $gt: 3 } } },
      'metadata.location': { city: 'Paris' },
      'data.kind': { $type: 'string' },
      'data.n': { $gt: 1, $mod: [2, 0] },
      'data.when': { $date: '2024-01-01T10:00:00' },
      'data.x': { $not: { $exists: true } },
      $comment: 'why',
    };
    expect(nodes(raw)).toEqual(Object.entries(raw).map(([key, value]) => ({ kind: 'raw', key, value })));
    expect(cardsToQuery(cards([{ column: 'c', ...raw }]))).toEqual([{ column: 'c', ...raw }]);
  });

  it('reads $or and $nor as groups, and the elements of a group as nodes', () => {
    expect(
      nodes({
        $or: [{ 'data.label': 'circle' }, { 'data.label': 'square', 'data.confidence': { $gte: 0.9 } }],
        $nor: [{ $and: [{ a: 1 }] }],
      }),
    ).toEqual([
      {
        kind: 'group',
        combinator: 'or',
        children: [
          { kind: 'condition', path: 'data.label', operator: 'eq', value: str('circle') },
          {
            kind: 'group',
            combinator: 'and',
            children: [
              { kind: 'condition', path: 'data.label', operator: 'eq', value: str('square') },
              { kind: 'condition', path: 'data.confidence', operator: 'gte', value: num(0.9) },
            ],
          },
        ],
      },
      {
        kind: 'group',
        combinator: 'nor',
        children: [
          {
            kind: 'group',
            combinator: 'and',
            children: [{ kind: 'condition', path: 'a', operator: 'eq', value: num(1) }],
          },
        ],
      },
    ]);
  });

  it('reads a $and inside a filter as its elements, in place', () => {
    expect(nodes({ a: 1, $and: [{ $or: [{ b: 1 }] }, { $or: [{ c: 1 }] }], d: 1 })).toMatchObject([
      { path: 'a' },
      { combinator: 'or', children: [{ path: 'b' }] },
      { combinator: 'or', children: [{ path: 'c' }] },
      { path: 'd' },
    ]);
  });

  it('reads one query object as one card', () => {
    const r = queryToCards(BASE);
    expect(r).toMatchObject({ ok: true, single: true });
    expect(r.ok && r.cards.stages).toHaveLength(1);
  });

  it('keeps reserved keys of any value, so an invalid query shows as it is', () => {
    const c = cards([{ column: 42, strategy: 'bogus', derived_from: null }]);
    expect(c.stages[0]).toMatchObject({ column: 42, strategy: 'bogus', derivedFrom: null });
    expect(cardsToQuery(c)).toEqual([{ column: 42, derived_from: null, strategy: 'bogus' }]);
  });

  it('says why JSON that is not a query cannot become cards', () => {
    expect(queryToCards('select *')).toMatchObject({
      ok: false,
      error: expect.stringContaining('list of query objects'),
    });
    expect(queryToCards([BASE, 42])).toEqual({
      ok: false,
      error: 'Query 1 must be an object, got 42',
      path: [1],
    });
  });
});

describe('cardsToQuery', () => {
  const cond = (path: string, operator: string, value: unknown): ConditionNode =>
    ({ kind: 'condition', id: `${path}${operator}`, path, operator, value }) as ConditionNode;
  const stage = (conditions: ConditionNode[]): QueryCards => ({
    stages: [{ id: 's', column: 'c', strategy: undefined, derivedFrom: undefined, conditions }],
  });
  const group = (combinator: string, children: ConditionNode[]): ConditionNode =>
    ({ kind: 'group', id: `g${Math.random()}`, combinator, children }) as ConditionNode;

  it('writes conditions on one field that follow each other as one operator object', () => {
    const c = stage([cond('size', 'gt', num(1)), cond('size', 'lt', num(5))]);
    expect(cardsToQuery(c)).toEqual([{ column: 'c', size: { $gt: 1, $lt: 5 } }]);
    expect(sameCards(cards(cardsToQuery(c)), c)).toBe(true);
  });

  it('falls back to $and where one object cannot say it, and reads the same cards back', () => {
    const cases: Array<[ConditionNode[], unknown]> = [
      [
        [group('or', [cond('a', 'eq', num(1))]), group('or', [cond('b', 'eq', num(2))])],
        { $and: [{ $or: [{ a: 1 }] }, { $or: [{ b: 2 }] }] },
      ],
      [
        [cond('size', 'gt', num(1)), cond('type', 'eq', str('x')), cond('size', 'lt', num(5))],
        { $and: [{ size: { $gt: 1 } }, { type: 'x' }, { size: { $lt: 5 } }] },
      ],
      [
        [cond('tags', 'eq', str('a')), cond('tags', 'eq', str('b'))],
        { $and: [{ tags: 'a' }, { tags: 'b' }] },
      ],
      [[cond('derived_from', 'eq', { kind: 'null' })], { $and: [{ derived_from: null }] }],
      [
        // gte then lte on dates would read back as one "between"
        [
          cond('t', 'gte', { kind: 'date', iso: '2024-01-01T00:00:00.000Z' }),
          cond('t', 'lte', { kind: 'date', iso: '2024-02-01T00:00:00.000Z' }),
        ],
        {
          $and: [
            { t: { $gte: { $date: '2024-01-01T00:00:00.000Z' } } },
            { t: { $lte: { $date: '2024-02-01T00:00:00.000Z' } } },
          ],
        },
      ],
    ];
    for (const [conditions, filter] of cases) {
      const c = stage(conditions);
      expect(cardsToQuery(c)).toEqual([{ column: 'c', ...(filter as object) }]);
      expect(sameCards(cards(cardsToQuery(c)), c)).toBe(true);
    }
  });

  it('writes AND groups plainly where that reads back as the same group', () => {
    const and2 = group('and', [cond('a', 'eq', num(1)), cond('b', 'eq', num(2))]);
    const and1 = group('and', [cond('a', 'eq', num(1))]);
    const c = stage([group('or', [and2, and1, group('and', [])]), and2]);
    expect(cardsToQuery(c)).toEqual([
      { column: 'c', $or: [{ a: 1, b: 2 }, { $and: [{ a: 1 }] }, {}], $and: [{ a: 1, b: 2 }] },
    ]);
    expect(sameCards(cards(cardsToQuery(c)), c)).toBe(true);
  });

  it('maps every card and node to its place in the JSON', () => {
    const c = stage([
      cond('a', 'gt', num(1)),
      cond('a', 'lt', num(3)),
      group('or', [cond('b', 'eq', num(2))]),
    ]);
    const { query, paths } = encodeCards(c);
    expect(query).toEqual([{ column: 'c', a: { $gt: 1, $lt: 3 }, $or: [{ b: 2 }] }]);
    const at = (id: string) => paths.get(id)?.path;
    expect(at('agt')).toEqual(['a', '$gt']);
    expect(at('alt')).toEqual(['a', '$lt']);
    expect(at('beq')).toEqual(['$or', 0, 'b']);
    expect(at('s')).toEqual([]);
  });

  it('writes reserved keys first, and leaves out those the card does not have', () => {
    expect(
      cardsToQuery({
        stages: [
          { id: '1', column: 'img', strategy: undefined, derivedFrom: undefined, conditions: [] },
          {
            id: '2',
            column: 'lbl',
            strategy: 'earliest',
            derivedFrom: 'img',
            conditions: [cond('x', 'eq', num(1))],
          },
        ],
      }).map((q) => Object.keys(q)),
    ).toEqual([['column'], ['column', 'derived_from', 'strategy', 'x']]);
  });
});

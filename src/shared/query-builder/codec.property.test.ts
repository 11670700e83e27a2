/**
 * Properties of cards ⇄ query JSON:
 * - any cards → JSON → cards gives the same cards (the JSON says everything the cards say);
 * - any valid query → cards → JSON means exactly the query: both select the same documents (checked
 *   with mingo on random documents), and the validator says the same about both.
 */
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../query/types';
import { validateQuery } from '../query/validate';
import { queryToCards } from './decode';
import { cardsToQuery } from './encode';
import type { ConditionNode, JsonObject, JsonValue, QueryCards, ScalarValue, StageCard } from './model';
import { sameCards } from './model';

const PATHS = [
  'data.type',
  'data.size',
  'metadata.tags',
  'added_at',
  'a',
  'a.b',
  'column',
  'derived_from',
  '',
];
const path = fc.constantFrom(...PATHS);
const iso = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const scalar: fc.Arbitrary<ScalarValue> = fc.oneof(
  fc.constantFrom('image', 'bbox', 'x', '', 'a,b').map((value) => ({ kind: 'string' as const, value })),
  fc
    .oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true }))
    .map((n) => ({ kind: 'number' as const, value: n === 0 ? 0 : n })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  iso.map((iso) => ({ kind: 'date' as const, iso })),
  fc
    .constantFrom('0123456789abcdef01234567', 'ffffffffffffffffffffffff')
    .map((hex) => ({ kind: 'objectId' as const, hex })),
  fc.constant({ kind: 'null' as const }),
);
const list = fc.array(scalar, { maxLength: 3 }).map((items) => ({ kind: 'list' as const, items }));

const condition: fc.Arbitrary<ConditionNode> = fc
  .tuple(
    path,
    fc.oneof(
      fc.tuple(fc.constantFrom('eq' as const, 'ne' as const), fc.oneof(scalar, list)),
      fc.tuple(fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const), scalar),
      fc.tuple(fc.constantFrom('in' as const, 'nin' as const), list),
      fc.tuple(
        fc.constant('exists' as const),
        fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
      ),
      fc.tuple(
        fc.constant('size' as const),
        fc.nat(4).map((value) => ({ kind: 'number' as const, value })),
      ),
      fc.tuple(
        fc.constant('regex' as const),
        fc.record({
          kind: fc.constant('regex' as const),
          pattern: fc.constantFrom('^a', 'x|y', ''),
          flags: fc.constantFrom('', 'i', 'im'),
        }),
      ),
      fc.tuple(
        fc.constant('between' as const),
        fc.record({ kind: fc.constant('dateRange' as const), from: iso, to: iso }),
      ),
    ),
  )
  .map(
    ([p, [operator, value]]) => ({ kind: 'condition', id: '', path: p, operator, value }) as ConditionNode,
  );

/** Filter keys no condition can show. */
const RAW_ENTRIES: Array<[string, JsonValue]> = [
  ['$expr', { $gt: ['$data.size', 3] }],
  ['$comment', 'note'],
  ['data.size', { $type: 'number' }],
  ['data.size', { $mod: [2, 0] }],
  ['metadata.tags', { $all: ['x'] }],
  ['metadata.tags', { $elemMatch: { $eq: 'x' } }],
  ['a', { $not: { $gt: 1 } }],
  ['a', { b: 1 }],
  ['a', {}],
  ['a', { $gt: 1, $type: 'number' }],
  ['a', [[1]]],
  ['added_at', { $date: '2024-01-01T10:00:00' }],
  ['data.type', { $numberLong: '5' }],
  ['$and', []],
  ['$or', 5],
];
const raw: fc.Arbitrary<ConditionNode> = fc
  .constantFrom(...RAW_ENTRIES)
  .map(([key, value]) => ({ kind: 'raw', id: '', key, value }) as ConditionNode);

const nodes = fc.letrec<{ node: ConditionNode; list: ConditionNode[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    raw,
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const, 'nor' as const), tie('list'))
      .map(([combinator, children]) => ({ kind: 'group', id: '', combinator, children }) as ConditionNode),
  ),
  list: fc.array(tie('node'), { maxLength: 4 }),
}));

const reserved = (values: fc.Arbitrary<JsonValue>) => fc.option(values, { nil: undefined });
const stage: fc.Arbitrary<StageCard> = fc.record({
  id: fc.constant(''),
  column: reserved(fc.oneof(fc.constantFrom('image_id', 'label_id', ''), fc.constant(7))),
  strategy: reserved(fc.constantFrom<JsonValue>(...STRATEGIES, 'bogus')),
  derivedFrom: reserved(fc.constantFrom<JsonValue>('image_id', null)),
  conditions: nodes.list,
});
const cards: fc.Arbitrary<QueryCards> = fc.array(stage, { maxLength: 3 }).map((stages) => ({ stages }));

describe('cards → JSON → cards', () => {
  it('gives back the same cards, whatever they hold (property)', () => {
    fc.assert(
      fc.property(cards, (c) => {
        const json = JSON.parse(JSON.stringify(cardsToQuery(c))); // through text, as the editor does
        const back = queryToCards(json);
        expect(back.ok).toBe(true);
        if (back.ok) expect(sameCards(back.cards, c)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------- arbitrary valid queries, written as people write them ----------

const literal: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>('image', 'bbox', 'x', 1, 2, 5, 0.5, true, false, null),
  iso.map((d) => ({ $date: d })),
  fc.constant<JsonValue>(['x', 'y']),
  fc.constant<JsonValue>({ b: 1 }),
);
const operatorObject: fc.Arbitrary<JsonValue> = fc
  .uniqueArray(
    fc.oneof(
      fc.tuple(fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'), literal),
      fc.tuple(fc.constantFrom('$in', '$nin', '$all'), fc.array(literal, { maxLength: 3 })),
      fc.tuple(fc.constant('$exists'), fc.boolean()),
      fc.tuple(fc.constant('$size'), fc.nat(3)),
      fc.tuple(fc.constant('$type'), fc.constantFrom('string', 'number', 'array')),
      fc.tuple(fc.constant('$mod'), fc.constant([2, 0])),
      fc.tuple(fc.constant('$not'), fc.constant({ $gt: 1 })),
      fc.tuple(fc.constant('$elemMatch'), fc.constant({ $eq: 'x' })),
      fc.tuple(fc.constant('$regex'), fc.constantFrom('^i', 'x|y')),
    ),
    { minLength: 1, maxLength: 3, selector: ([k]) => k },
  )
  .chain((entries) =>
    entries.some(([k]) => k === '$regex')
      ? fc
          .option(fc.constantFrom('i', 'm'), { nil: undefined })
          .map((o) => (o ? [...entries, ['$options', o]] : entries))
      : fc.constant(entries),
  )
  .map((entries) => Object.fromEntries(entries as Array<[string, JsonValue]>));

const filter: fc.Arbitrary<JsonObject> = fc.letrec<{ filter: JsonObject }>((tie) => ({
  filter: fc
    .uniqueArray(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(
          fc.constantFrom('data.type', 'data.size', 'metadata.tags', 'added_at', 'a'),
          fc.oneof(literal, operatorObject),
        ),
        fc.tuple(
          fc.constantFrom('$and', '$or', '$nor'),
          fc.array(tie('filter'), { minLength: 1, maxLength: 3 }),
        ),
        fc.tuple(fc.constant('$expr'), fc.constant({ $gt: ['$data.size', 3] })),
      ),
      { maxLength: 3, selector: ([k]) => k },
    )
    .map((entries) => Object.fromEntries(entries) as JsonObject),
})).filter;

/** Extended JSON into the values mingo compares. */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.$date === 'string') return new Date(o.$date);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

const doc = fc.record(
  {
    data: fc.record(
      {
        type: fc.constantFrom('image', 'bbox', 'x', 1),
        size: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(null)),
      },
      { requiredKeys: [] },
    ),
    metadata: fc.record(
      { tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    added_at: iso.map((d) => new Date(d)),
    a: fc.oneof(
      fc.constantFrom<unknown>(1, 2, 5, 'x', 'image', true, null, { b: 1 }),
      fc.array(fc.constantFrom('x', 'y', 1)),
    ),
  },
  { requiredKeys: ['added_at'] },
);

describe('JSON → cards → JSON', () => {
  it('means exactly the query it was given (property, mingo on random documents)', () => {
    let matched = 0;
    let unmatched = 0;
    fc.assert(
      fc.property(filter, fc.array(doc, { minLength: 5, maxLength: 5 }), (f, docs) => {
        const query = [{ column: 'c', ...f }];
        validateQuery(query as never); // only valid queries are promised their meaning
        const decoded = queryToCards(query);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        const again = cardsToQuery(decoded.cards);
        expect(() => validateQuery(again as never)).not.toThrow();
        const { column: _a, ...before } = query[0];
        const { column: _b, ...after } = again[0];
        const q1 = new Query(revive(before) as Record<string, unknown>);
        const q2 = new Query(revive(after) as Record<string, unknown>);
        for (const d of docs) {
          const hit = q1.test(d);
          expect(q2.test(d)).toBe(hit);
          if (hit) matched++;
          else unmatched++;
        }
        // And writing it again changes nothing more: the cards' JSON is a fixed point.
        expect(
          cardsToQuery(
            queryToCards(again).ok ? (queryToCards(again) as { cards: QueryCards }).cards : { stages: [] },
          ),
        ).toEqual(again);
      }),
      { numRuns: 1500 },
    );
    // The property would hold trivially if no filter ever matched, or every one did.
    expect(matched).toBeGreaterThan(500);
    expect(unmatched).toBeGreaterThan(500);
  });
});

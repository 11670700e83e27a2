/** Every validation error says where it is: the stage index and the JSON path of the offending key. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryValidationError } from '../errors';
import { validateQuery, validateQueryIssues } from './validate';

const BASE = { 'metadata.project': 'P', column: 'image_id' };
const LBL = { derived_from: 'image_id', 'data.type': 'classification', column: 'label_id' };

function error(fn: () => unknown): QueryValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QueryValidationError);
    return err as QueryValidationError;
  }
  throw new Error('expected a QueryValidationError');
}

describe('validation errors carry their place', () => {
  it.each([
    ['a missing column', [{ a: 1 }], 0, []],
    ['an empty column', [{ column: '' }], 0, ['column']],
    ['missing on the base', [{ ...BASE, strategy: 'missing' }], 0, ['strategy']],
    ['an unknown strategy', [BASE, { ...LBL, strategy: 'x' }], 1, ['strategy']],
    ['no derived_from', [BASE, { column: 'x' }], 1, []],
    ['a null derived_from', [BASE, { column: 'x', derived_from: null }], 1, ['derived_from']],
    ['an unknown reference', [BASE, { ...LBL, derived_from: 'nope' }], 1, ['derived_from']],
    ['derived_from on the base', [{ ...BASE, derived_from: 'x' }], 0, ['derived_from']],
    ['a duplicate column', [BASE, { ...LBL, column: 'image_id' }], 1, ['column']],
    ['a bad column name', [{ column: 'a.b' }], 0, ['column']],
    ['a stage that is not an object', [BASE, 'x'], 1, []],
    ['$where', [{ column: 'c', $where: 'x' }], 0, ['$where']],
    ['$where inside $or', [BASE, { ...LBL, $or: [{ a: 1 }, { $where: 'x' }] }], 1, ['$or', 1, '$where']],
    [
      '$function inside $expr',
      [{ column: 'c', $expr: { $gt: [{ $function: {} }, 1] } }],
      0,
      ['$expr', '$gt', 0, '$function'],
    ],
    [
      'an unknown field operator',
      [{ column: 'c', 'data.size': { $gt: 1, $foo: 2 } }],
      0,
      ['data.size', '$foo'],
    ],
    ['an unknown top-level operator', [{ column: 'c', $bar: [] }], 0, ['$bar']],
    ['$in without an array', [{ column: 'c', $and: [{ a: { $in: 3 } }] }], 0, ['$and', 0, 'a', '$in']],
    ['an empty $or', [{ column: 'c', $or: [] }], 0, ['$or']],
    ['a non-object in $nor', [{ column: 'c', $nor: [1] }], 0, ['$nor', 0]],
    ['a bad regex', [{ column: 'c', a: { $regex: '(' } }], 0, ['a', '$regex']],
    ['bad $options', [{ column: 'c', a: { $regex: 'x', $options: 'q' } }], 0, ['a', '$options']],
    ['mixed operators and keys', [{ column: 'c', a: { $gt: 1, b: 2 } }], 0, ['a', 'b']],
    ['inside $not', [{ column: 'c', a: { $not: { $size: -1 } } }], 0, ['a', '$not', '$size']],
    [
      'inside $elemMatch',
      [{ column: 'c', a: { $elemMatch: { w: { $in: 1 } } } }],
      0,
      ['a', '$elemMatch', 'w', '$in'],
    ],
    ['an empty field name', [{ column: 'c', '': 1 }], 0, ['']],
    ['an operator beside fields', [{ column: 'c', $size: 1 }], 0, ['$size']],
  ])('%s', (_name, query, index, path) => {
    const e = error(() => validateQuery(query as never));
    expect(e.details).toMatchObject({ index, path });
  });

  it('names the option for option errors', () => {
    expect(error(() => validateQuery([BASE], { datumsWanted: 0 })).details).toEqual({
      datumsWanted: 0,
      option: 'datumsWanted',
    });
    expect(error(() => validateQuery([BASE], { transpose: 'yes' as never })).details).toEqual({
      option: 'transpose',
    });
  });
});

describe('validateQueryIssues', () => {
  it('lists a problem of each stage and each filter key, in order', () => {
    const issues = validateQueryIssues(
      [
        { column: 'image_id', a: { $in: 1 }, b: { $foo: 1 } },
        { column: 'label_id', derived_from: 'nope', $or: [{ $where: 'x' }, { c: { $size: 'x' } }] },
        { column: 'image_id', derived_from: 'image_id' },
      ],
      { datumsWanted: -1 },
    );
    expect(issues.map((e) => [e.message, e.details.index, e.details.path])).toEqual([
      ['datumsWanted must be a positive integer, got -1', undefined, undefined],
      ['$in on a needs an array, got 1', 0, ['a', '$in']],
      ['Unknown operator: $foo (query 0)', 0, ['b', '$foo']],
      ['Unknown derived_from reference: nope', 1, ['derived_from']],
      ['Operator $where is not allowed: it runs code on the server (query 1)', 1, ['$or', 0, '$where']],
      ['$size on c needs a non-negative integer, got "x"', 1, ['$or', 1, 'c', '$size']],
      ['Duplicate column name: image_id', 2, ['column']],
    ]);
  });

  it('is empty for a valid query', () => {
    expect(validateQueryIssues([BASE, LBL], { datumsWanted: 3 })).toEqual([]);
  });

  const anyQuery = fc.array(
    fc.oneof(
      fc.dictionary(
        fc.constantFrom('column', 'strategy', 'derived_from', 'a', '$or', '$where', 'b'),
        fc.oneof(
          fc.constantFrom<unknown>('image_id', 'label_id', 'missing', 'latest', '', null, 1, 'a.b'),
          fc.constantFrom<unknown>({ $in: 1 }, { $gt: 1 }, [{ a: 1 }], [], [{ $where: 'x' }], { $foo: 1 }),
        ),
      ),
      fc.constant<unknown>(7),
    ),
    { maxLength: 4 },
  );

  it('starts with the error validateQuery throws (property)', () => {
    fc.assert(
      fc.property(
        anyQuery,
        fc.option(fc.integer({ min: -1, max: 2 }), { nil: undefined }),
        (query, datumsWanted) => {
          const issues = validateQueryIssues(query as never, { datumsWanted });
          let thrown: QueryValidationError | null = null;
          try {
            validateQuery(query as never, { datumsWanted });
          } catch (err) {
            thrown = err as QueryValidationError;
          }
          expect(issues[0]?.message).toBe(thrown?.message);
          expect(issues[0]?.details).toEqual(thrown?.details);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

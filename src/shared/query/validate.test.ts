import { describe, expect, it } from 'vitest';
import { QueryValidationError } from '../errors';
import { validateQuery } from './validate';

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

describe('validateQuery: the errors of spec §3', () => {
  it.each([
    ['a missing column', [{ 'metadata.project': 'P' }], 'column must be provided'],
    ['an empty column', [{ column: '' }], 'column must be provided'],
    ['missing on the base', [{ ...BASE, strategy: 'missing' }], 'Invalid strategy: missing'],
    ['an unknown strategy', [BASE, { ...LBL, strategy: 'invalid' }], 'Invalid strategy: invalid'],
    ['a derived query without derived_from', [BASE, { column: 'x' }], 'derived_from must be provided'],
    [
      'a reference to no column',
      [BASE, { ...LBL, derived_from: 'nope' }],
      'Unknown derived_from reference: nope',
    ],
    [
      'a reference to a later column',
      [BASE, { ...LBL, derived_from: 'later' }, { column: 'later', derived_from: 'image_id' }],
      'Unknown derived_from reference: later',
    ],
    [
      'a reference to a missing column',
      [BASE, { ...LBL, strategy: 'missing' }, { column: 'bbox', derived_from: 'label_id' }],
      'Unknown derived_from reference: label_id',
    ],
    [
      'derived_from on the base query',
      [{ ...BASE, derived_from: null }],
      'derived_from cannot be used on the base query',
    ],
    ['a duplicate column', [BASE, { ...LBL, column: 'image_id' }], 'Duplicate column name: image_id'],
    ['a column starting with $', [{ column: '$x' }], 'Invalid column name: $x'],
    ['a column with a dot', [{ column: 'a.b' }], 'Invalid column name: a.b'],
    ['a non-object query', [42], 'Query 0 must be an object, got 42'],
  ])('refuses %s', (_name, query, message) => {
    expect(error(() => validateQuery(query as never)).message).toContain(message);
  });

  it.each([0, -1, 1.5, '3', Number.NaN])('refuses datumsWanted = %s', (n) => {
    expect(error(() => validateQuery([BASE], { datumsWanted: n as number })).message).toMatch(
      /^datumsWanted must be a positive integer, got /,
    );
  });

  it('accepts an empty list (the engine answers [] or {})', () => {
    expect(validateQuery([])).toEqual([]);
  });

  it('splits reserved keys from the filter and defaults the strategy to latest', () => {
    const [base, lbl] = validateQuery([BASE, LBL]);
    expect(base).toEqual({
      column: 'image_id',
      strategy: 'latest',
      derivedFrom: null,
      filter: { 'metadata.project': 'P' },
    });
    expect(lbl).toEqual({
      column: 'label_id',
      strategy: 'latest',
      derivedFrom: 'image_id',
      filter: { 'data.type': 'classification' },
    });
  });
});

describe('validateQuery: operators', () => {
  it.each([
    ['$where', { $where: 'this.a == 1' }],
    ['$function', { $expr: { $function: { body: 'return true', args: [], lang: 'js' } } }],
    ['$accumulator', { $expr: { $gt: [{ $accumulator: {} }, 1] } }],
    ['$where', { $or: [{ a: 1 }, { $where: 'sleep(1000)' }] }],
  ])('refuses %s, which runs code on the server', (op, filter) => {
    const e = error(() => validateQuery([{ ...filter, column: 'c' }]));
    expect(e.message).toContain(`Operator ${op} is not allowed: it runs code on the server`);
  });

  it('names an unknown operator', () => {
    expect(error(() => validateQuery([{ a: { $foo: 1 }, column: 'c' }])).message).toContain(
      'Unknown operator: $foo',
    );
    expect(error(() => validateQuery([{ $bar: [], column: 'c' }])).message).toContain(
      'Unknown operator: $bar',
    );
  });

  it('checks operator arguments', () => {
    expect(error(() => validateQuery([{ a: { $in: 3 }, column: 'c' }])).message).toContain(
      '$in on a needs an array',
    );
    expect(error(() => validateQuery([{ $and: [], column: 'c' }])).message).toContain(
      '$and must be a non-empty array',
    );
    expect(error(() => validateQuery([{ a: { $regex: '(' }, column: 'c' }])).message).toContain(
      'Invalid regular expression',
    );
    expect(error(() => validateQuery([{ a: { $size: -1 }, column: 'c' }])).message).toContain('$size');
  });

  it('accepts the usual operators, Extended JSON values and $expr without code', () => {
    const filter = {
      'data.size': { $gt: 600, $lte: 4096 },
      'metadata.tags': { $in: ['nature'], $nin: ['x'], $all: ['nature'] },
      added_at: { $gte: { $date: '2024-01-01T00:00:00Z' } },
      _id: { $ne: { $oid: '0123456789abcdef01234567' } },
      'data.label': { $regex: '^ca', $options: 'i' },
      'data.boxes': { $elemMatch: { w: { $gt: 3 } }, $size: 2 },
      'data.scores': { $elemMatch: { $gt: 0.5 } },
      'data.x': { $not: { $exists: true } },
      $or: [{ 'data.a': 1 }, { 'data.b': { $type: 'string' } }],
      $nor: [{ 'data.c': null }],
      $expr: { $gt: ['$data.w', '$data.h'] },
      'metadata.location': { city: 'Paris' },
      column: 'c',
    };
    expect(validateQuery([filter])[0].filter).not.toHaveProperty('column');
  });
});

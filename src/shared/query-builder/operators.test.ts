import { describe, expect, it } from 'vitest';
import { OPERATOR_IDS } from './model';
import {
  convertValue,
  defaultKindForTypes,
  kindsForOperator,
  operatorLabel,
  operatorsForTypes,
} from './operators';

describe('operators per field type', () => {
  it.each([
    ['string', ['eq', 'ne', 'in', 'nin', 'regex', 'lt', 'lte', 'gt', 'gte', 'exists']],
    ['number', ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists']],
    ['boolean', ['eq', 'ne', 'exists']],
    ['date', ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'between', 'in', 'nin', 'exists']],
    ['objectId', ['eq', 'ne', 'in', 'nin', 'exists']],
    ['array', ['eq', 'ne', 'in', 'nin', 'size', 'exists']],
    ['object', ['exists', 'eq', 'ne']],
    ['null', ['eq', 'ne', 'exists']],
  ])('a %s field offers what fits it', (type, ops) => {
    expect(operatorsForTypes([type])).toEqual(ops);
  });

  it('a field of several types offers the union, the first type leading', () => {
    expect(operatorsForTypes(['number', 'null'])).toEqual([
      'eq',
      'ne',
      'lt',
      'lte',
      'gt',
      'gte',
      'in',
      'nin',
      'exists',
    ]);
    expect(operatorsForTypes(['array', 'string'])).toEqual([
      'eq',
      'ne',
      'in',
      'nin',
      'size',
      'exists',
      'regex',
      'lt',
      'lte',
      'gt',
      'gte',
    ]);
  });

  it('an unknown path (typed by the user) offers every operator', () => {
    expect(operatorsForTypes([])).toEqual([...OPERATOR_IDS]);
    expect(operatorsForTypes(['someFutureType'])).toEqual([...OPERATOR_IDS]);
  });

  it('no type offers an operator it cannot use', () => {
    expect(operatorsForTypes(['boolean'])).not.toContain('lt');
    expect(operatorsForTypes(['number'])).not.toContain('regex');
    expect(operatorsForTypes(['string'])).not.toContain('between');
    expect(operatorsForTypes(['number'])).not.toContain('size');
  });

  it('calls date comparisons before / after', () => {
    expect(operatorLabel('lt', 'date')).toBe('before');
    expect(operatorLabel('gt', 'date')).toBe('after');
    expect(operatorLabel('gte', 'date')).toBe('on/after');
    expect(operatorLabel('lt', 'number')).toBe('<');
    expect(operatorLabel('ne')).toBe('≠');
    expect(operatorLabel('nin')).toBe('not in');
  });

  it('starts a new value in the field type', () => {
    expect(defaultKindForTypes(['number', 'null'])).toBe('number');
    expect(defaultKindForTypes(['date'])).toBe('date');
    expect(defaultKindForTypes(['array'])).toBe('string');
    expect(defaultKindForTypes(['null'])).toBe('null');
    expect(defaultKindForTypes([])).toBe('string');
  });

  it('offers value kinds that fit the operator', () => {
    expect(kindsForOperator('eq')).toContain('null');
    expect(kindsForOperator('lt')).not.toContain('null');
    expect(kindsForOperator('lt')).not.toContain('boolean');
    expect(kindsForOperator('exists')).toEqual([]);
  });
});

describe('changing the operator keeps what fits', () => {
  const circle = { kind: 'string', value: 'circle' } as const;
  const day = { kind: 'date', iso: '2024-01-01T00:00:00.000Z' } as const;

  it('turns a value into a list and back', () => {
    expect(convertValue(circle, 'eq', 'in', 'string')).toEqual({ kind: 'list', items: [circle] });
    expect(
      convertValue(
        { kind: 'list', items: [circle, { kind: 'string', value: 'square' }] },
        'in',
        'eq',
        'string',
      ),
    ).toEqual(circle);
    expect(convertValue({ kind: 'list', items: [] }, 'in', 'eq', 'number')).toEqual({
      kind: 'number',
      value: 0,
    });
  });

  it('keeps a string as a regex pattern and back', () => {
    expect(convertValue(circle, 'eq', 'regex', 'string')).toEqual({
      kind: 'regex',
      pattern: 'circle',
      flags: '',
    });
    expect(convertValue({ kind: 'regex', pattern: '^ci', flags: 'i' }, 'regex', 'ne', 'string')).toEqual({
      kind: 'string',
      value: '^ci',
    });
  });

  it('makes a date the two ends of a range, and the start of a range a date', () => {
    expect(convertValue(day, 'lt', 'between', 'date')).toEqual({
      kind: 'dateRange',
      from: day.iso,
      to: day.iso,
    });
    expect(
      convertValue(
        { kind: 'dateRange', from: day.iso, to: '2024-02-01T00:00:00.000Z' },
        'between',
        'gt',
        'date',
      ),
    ).toEqual(day);
  });

  it('exists holds true/false about presence, which no other operator keeps', () => {
    expect(convertValue(circle, 'eq', 'exists', 'string')).toEqual({ kind: 'boolean', value: true });
    expect(convertValue({ kind: 'boolean', value: false }, 'exists', 'eq', 'string')).toEqual({
      kind: 'string',
      value: '',
    });
  });

  it('comparisons take no null or boolean; size takes a whole number', () => {
    expect(convertValue({ kind: 'null' }, 'eq', 'gt', 'number')).toEqual({ kind: 'number', value: 0 });
    expect(convertValue({ kind: 'boolean', value: true }, 'eq', 'lt', 'boolean')).toEqual({
      kind: 'number',
      value: 0,
    });
    expect(convertValue({ kind: 'number', value: 3 }, 'eq', 'size', 'number')).toEqual({
      kind: 'number',
      value: 3,
    });
    expect(convertValue({ kind: 'number', value: 2.5 }, 'eq', 'size', 'number')).toEqual({
      kind: 'number',
      value: 0,
    });
  });
});

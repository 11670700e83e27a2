import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScalarKind, ScalarValue } from './model';
import {
  formatDateForInput,
  formatList,
  formatScalar,
  listFromJson,
  parseDate,
  parseList,
  parseNumber,
  parseObjectId,
  parseScalar,
  scalarFromJson,
  scalarToJson,
} from './values';

const errorOf = (r: { ok: boolean; error?: string }) => (r.ok ? null : r.error);

describe('scalar values in the query JSON', () => {
  it.each([
    ['a string', 'circle', { kind: 'string', value: 'circle' }],
    ['a number', 0.5, { kind: 'number', value: 0.5 }],
    ['a boolean', false, { kind: 'boolean', value: false }],
    ['null', null, { kind: 'null' }],
    [
      'an Extended JSON date',
      { $date: '2024-01-01T00:00:00Z' },
      { kind: 'date', iso: '2024-01-01T00:00:00Z' },
    ],
    ['a date-only Extended JSON date', { $date: '2024-01-31' }, { kind: 'date', iso: '2024-01-31' }],
    [
      'a date with an offset',
      { $date: '2024-01-31T10:00:00+02:00' },
      { kind: 'date', iso: '2024-01-31T10:00:00+02:00' },
    ],
    [
      'an ObjectId',
      { $oid: '0123456789abcdef01234567' },
      { kind: 'objectId', hex: '0123456789abcdef01234567' },
    ],
  ])('reads %s and writes it back unchanged', (_name, json, scalar) => {
    expect(scalarFromJson(json as never)).toEqual(scalar);
    expect(scalarToJson(scalar as ScalarValue)).toEqual(json);
  });

  it.each([
    ['a date with no zone (local time for some readers)', { $date: '2024-01-31T10:00:00' }],
    ['an impossible date', { $date: '2024-02-30' }],
    ['a date that is not ISO', { $date: 'January 1st' }],
    ['a numeric date', { $date: { $numberLong: '1704067200000' } }],
    ['a short ObjectId', { $oid: 'abc' }],
    ['another Extended JSON type', { $numberLong: '5' }],
    ['a sub-document', { city: 'Paris' }],
    ['a wrapper with more keys', { $date: '2024-01-01', x: 1 }],
    ['an array', [1]],
  ])('does not read %s as a scalar', (_name, json) => {
    expect(scalarFromJson(json as never)).toBeNull();
  });

  it('reads a list only when every item is a scalar', () => {
    expect(listFromJson([1, 'a', null, { $oid: '0123456789abcdef01234567' }])?.items).toHaveLength(4);
    expect(listFromJson([1, [2]])).toBeNull();
    expect(listFromJson([{ a: 1 }])).toBeNull();
  });
});

describe('typing values', () => {
  it('parses numbers and says what is wrong', () => {
    expect(parseNumber(' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseNumber('-1.5e3')).toEqual({ ok: true, value: -1500 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(errorOf(parseNumber('abc'))).toBe('"abc" is not a number');
    expect(errorOf(parseNumber('1,5'))).toBe('"1,5" is not a number');
    expect(errorOf(parseNumber('0x10'))).toBe('"0x10" is not a number');
    expect(errorOf(parseNumber(''))).toBe('Enter a number');
    expect(errorOf(parseNumber('1e999'))).toBe('1e999 is too large a number');
  });

  it('parses dates as UTC unless they name a zone, and refuses what is not a date', () => {
    expect(parseDate('2024-01-31')).toEqual({ ok: true, value: '2024-01-31T00:00:00.000Z' });
    expect(parseDate('2024-01-31T14:05')).toEqual({ ok: true, value: '2024-01-31T14:05:00.000Z' });
    expect(parseDate('2024-01-31 14:05')).toEqual({ ok: true, value: '2024-01-31T14:05:00.000Z' });
    expect(parseDate('2024-01-31T14:05:30.250')).toEqual({ ok: true, value: '2024-01-31T14:05:30.250Z' });
    expect(parseDate('2024-01-31T14:05:00+02:00')).toEqual({ ok: true, value: '2024-01-31T12:05:00.000Z' });
    expect(errorOf(parseDate('2024-02-30'))).toContain('"2024-02-30" is not a date');
    expect(errorOf(parseDate('31/01/2024'))).toContain('write it as 2024-01-31');
    expect(errorOf(parseDate('2024-01-31T25:00'))).toContain('is not a date');
    expect(errorOf(parseDate(' '))).toContain('Enter a date');
  });

  it('shows a date in UTC, as short as it can be', () => {
    expect(formatDateForInput('2024-01-31T14:05:00.000Z')).toBe('2024-01-31 14:05');
    expect(formatDateForInput('2024-01-31T14:05:30.000Z')).toBe('2024-01-31 14:05:30');
    expect(formatDateForInput('2024-01-31T14:05:00.250Z')).toBe('2024-01-31 14:05:00.250');
    expect(formatDateForInput('2024-01-31T16:05:00+02:00')).toBe('2024-01-31 14:05');
    expect(formatDateForInput('2024-01-31')).toBe('2024-01-31');
    expect(formatDateForInput('2024-01-31T00:00:00Z')).toBe('2024-01-31');
  });

  it('parses ObjectIds (lower case) and counts what is missing', () => {
    expect(parseObjectId(' 0123456789ABCDEF01234567 ')).toEqual({
      ok: true,
      value: '0123456789abcdef01234567',
    });
    expect(errorOf(parseObjectId('0123'))).toBe('An ObjectId is 24 hexadecimal characters; "0123" has 4');
    expect(errorOf(parseObjectId('xyz'))).toBe('"xyz" is not an ObjectId: use only 0-9 and a-f');
  });

  it('parses each kind', () => {
    expect(parseScalar('string', ' a b ')).toEqual({ ok: true, value: { kind: 'string', value: ' a b ' } });
    expect(parseScalar('boolean', 'TRUE')).toEqual({ ok: true, value: { kind: 'boolean', value: true } });
    expect(errorOf(parseScalar('boolean', 'yes'))).toBe('"yes" is not true or false');
    expect(parseScalar('null', '')).toEqual({ ok: true, value: { kind: 'null' } });
    expect(errorOf(parseScalar('null', 'x'))).toBe('null takes no value');
  });

  it('parses lists of one kind, quoted items, and JSON arrays for mixed kinds', () => {
    expect(parseList('string', 'circle, square')).toEqual({
      ok: true,
      value: {
        kind: 'list',
        items: [
          { kind: 'string', value: 'circle' },
          { kind: 'string', value: 'square' },
        ],
      },
    });
    expect(parseList('string', '"a, b", c')).toMatchObject({
      ok: true,
      value: { items: [{ value: 'a, b' }, { value: 'c' }] },
    });
    expect(parseList('number', '1, 2.5')).toMatchObject({
      ok: true,
      value: { items: [{ value: 1 }, { value: 2.5 }] },
    });
    expect(errorOf(parseList('number', '1, x'))).toBe('Item 2: "x" is not a number');
    expect(errorOf(parseList('string', '"a, b'))).toBe('A quoted item is not closed');
    expect(parseList('string', '[1, "a", null]')).toMatchObject({
      ok: true,
      value: { items: [{ kind: 'number' }, { kind: 'string' }, { kind: 'null' }] },
    });
    expect(errorOf(parseList('string', '[1, [2]]'))).toContain('Each item of a JSON list');
    expect(parseList('string', '')).toEqual({ ok: true, value: { kind: 'list', items: [] } });
  });

  const scalarOf = (kind: ScalarKind): fc.Arbitrary<ScalarValue> => {
    switch (kind) {
      case 'string':
        return fc.string().map((value) => ({ kind, value }));
      case 'number':
        return fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .map((n) => ({ kind, value: n === 0 ? 0 : n }));
      case 'boolean':
        return fc.boolean().map((value) => ({ kind, value }));
      case 'date':
        return fc
          .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
          .map((d) => ({ kind, iso: d.toISOString() }));
      case 'objectId':
        return fc.stringMatching(/^[0-9a-f]{24}$/).map((hex) => ({ kind, hex }));
      case 'null':
        return fc.constant({ kind });
    }
  };

  it('reads back every list it writes (property)', () => {
    const kinds: ScalarKind[] = ['string', 'number', 'boolean', 'date', 'objectId', 'null'];
    fc.assert(
      fc.property(
        fc
          .constantFrom(...kinds)
          .chain((kind) => fc.tuple(fc.constant(kind), fc.array(scalarOf(kind), { maxLength: 5 }))),
        ([kind, items]) => {
          const list = { kind: 'list' as const, items };
          expect(parseList(kind, formatList(list))).toEqual({ ok: true, value: list });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads back every scalar it shows (property)', () => {
    const kinds: ScalarKind[] = ['string', 'number', 'boolean', 'date', 'objectId', 'null'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds).chain((kind) => scalarOf(kind)),
        (value) => {
          expect(parseScalar(value.kind, formatScalar(value))).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 400 },
    );
  });
});

/**
 * The exact matcher against MongoDB's semantics. The null cases are MongoDB's own
 * jstests/core/null_query_semantics.js (documents with `undefined` left out: the store never writes it);
 * the BSON cases check that ObjectId, Date, Binary, Long and Decimal128 values compare as on the server,
 * including values decoded from the stored form and ObjectIds made by the `mongodb` driver's bson copy.
 */
import { Binary, Decimal128, Double, Long, ObjectId } from 'bson';
import { ObjectId as DriverObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeValue, noFlags } from './codec';
import { compileMatcher } from './matcher';

type Doc = Record<string, unknown>;

/** Stores and reloads documents the way the store does, then returns the `_id`s the filter selects. */
function select(docs: Doc[], filter: Doc): unknown[] {
  const match = compileMatcher(filter);
  return docs
    .map((d) => decodeDocument(JSON.parse(JSON.stringify(encodeValue(d, noFlags())))).doc)
    .filter((d) => match(d))
    .map((d) => d._id);
}

const sorted = (ids: unknown[]) => [...ids].map(String).sort();

describe('null semantics (MongoDB jstests/core/null_query_semantics.js)', () => {
  const docs: Doc[] = [
    { _id: 'a_empty_subobject', a: {} },
    { _id: 'a_null', a: null },
    { _id: 'a_number', a: 4 },
    { _id: 'a_subobject_b_not_null', a: { b: 'hi' } },
    { _id: 'a_subobject_b_null', a: { b: null } },
    { _id: 'no_a' },
    { _id: 'a_double_array', a: [[]] },
    { _id: 'a_empty_array', a: [] },
    { _id: 'a_object_array_all_b_nulls', a: [{ b: null }, { b: null }, {}] },
    { _id: 'a_object_array_no_b_nulls', a: [{ b: 1 }, { b: 3 }, { b: 'string' }] },
    { _id: 'a_object_array_some_b_nulls', a: [{ b: null }, { b: 3 }, { b: null }] },
    { _id: 'a_object_array_some_b_missing', a: [{ b: 3 }, {}] },
    { _id: 'a_value_array_all_nulls', a: [null, null] },
    { _id: 'a_value_array_no_nulls', a: [1, 'string', 4] },
    { _id: 'a_value_array_with_null', a: [1, 'string', null, 4] },
  ];
  const cases: Array<[Doc, string[]]> = [
    [{ a: { $eq: null } }, ['a_null', 'no_a', 'a_value_array_all_nulls', 'a_value_array_with_null']],
    [{ a: { $in: [null, 75] } }, ['a_null', 'no_a', 'a_value_array_all_nulls', 'a_value_array_with_null']],
    [
      { a: { $not: { $gte: null } } },
      [
        'a_double_array',
        'a_empty_array',
        'a_empty_subobject',
        'a_number',
        'a_object_array_all_b_nulls',
        'a_object_array_no_b_nulls',
        'a_object_array_some_b_nulls',
        'a_object_array_some_b_missing',
        'a_subobject_b_not_null',
        'a_subobject_b_null',
        'a_value_array_no_nulls',
      ],
    ],
    [{ a: { $elemMatch: { $eq: null } } }, ['a_value_array_all_nulls', 'a_value_array_with_null']],
    [
      { a: { $elemMatch: { $ne: null } } },
      [
        'a_double_array',
        'a_object_array_all_b_nulls',
        'a_object_array_no_b_nulls',
        'a_object_array_some_b_nulls',
        'a_object_array_some_b_missing',
        'a_value_array_no_nulls',
        'a_value_array_with_null',
      ],
    ],
    [
      { 'a.b': { $eq: null } },
      [
        'a_empty_subobject',
        'a_null',
        'a_number',
        'a_subobject_b_null',
        'no_a',
        'a_object_array_all_b_nulls',
        'a_object_array_some_b_nulls',
        'a_object_array_some_b_missing',
      ],
    ],
    [
      { 'a.b': { $ne: null } },
      [
        'a_subobject_b_not_null',
        'a_double_array',
        'a_empty_array',
        'a_object_array_no_b_nulls',
        'a_value_array_all_nulls',
        'a_value_array_no_nulls',
        'a_value_array_with_null',
      ],
    ],
    [
      { 'a.b': { $nin: [null, /^str.*/] } },
      [
        'a_subobject_b_not_null',
        'a_double_array',
        'a_empty_array',
        'a_value_array_all_nulls',
        'a_value_array_no_nulls',
        'a_value_array_with_null',
      ],
    ],
    [{ 'a.b': { $elemMatch: { $eq: null } } }, []],
    [
      { a: { $elemMatch: { b: { $eq: null } } } },
      [
        'a_double_array',
        'a_object_array_all_b_nulls',
        'a_object_array_some_b_nulls',
        'a_object_array_some_b_missing',
      ],
    ],
    [
      { a: { $elemMatch: { b: { $ne: null } } } },
      ['a_object_array_no_b_nulls', 'a_object_array_some_b_nulls', 'a_object_array_some_b_missing'],
    ],
    [
      { 'a.b': { $exists: false } },
      [
        'no_a',
        'a_empty_subobject',
        'a_null',
        'a_number',
        'a_double_array',
        'a_empty_array',
        'a_value_array_all_nulls',
        'a_value_array_no_nulls',
        'a_value_array_with_null',
      ],
    ],
  ];
  for (const [filter, expected] of cases) {
    it(
      JSON.stringify(filter, (_k, v) => (v instanceof RegExp ? String(v) : v)),
      () => {
        expect(sorted(select(docs, filter))).toEqual(sorted(expected));
      },
    );
  }
});

describe('arrays, sub-documents and paths', () => {
  const docs: Doc[] = [
    { _id: 1, tags: ['cat', 'dog'] },
    { _id: 2, tags: 'cat' },
    { _id: 3, tags: [['cat'], 'bird'] },
    { _id: 4, m: { x: 1, y: 2 } },
    { _id: 5, m: { y: 2, x: 1 } },
    { _id: 6, m: [{ x: 1, y: 2 }, { x: 3 }] },
    { _id: 7, a: [{ b: [{ c: 1 }, { c: 2 }] }] },
    { _id: 8, a: [[{ b: 1 }]] },
    { _id: 9, a: [{ 0: 5 }, 7] },
    { _id: 10, a: [[7, 8], 9] },
  ];
  it('equality on an array field matches an element, or the whole array in order', () => {
    expect(select(docs, { tags: 'cat' })).toEqual([1, 2]);
    expect(select(docs, { tags: ['cat', 'dog'] })).toEqual([1]);
    expect(select(docs, { tags: ['dog', 'cat'] })).toEqual([]);
    expect(select(docs, { tags: ['cat'] })).toEqual([3]);
    expect(select(docs, { tags: { $in: [['cat', 'dog']] } })).toEqual([1]);
    expect(select(docs, { tags: { $all: ['dog', 'cat'] } })).toEqual([1]);
    expect(select(docs, { tags: { $size: 2 } })).toEqual([1, 3]);
  });
  it('sub-document equality is exact and key-order sensitive (mingo alone ignores key order)', () => {
    expect(select(docs, { m: { x: 1, y: 2 } })).toEqual([4, 6]);
    expect(select(docs, { m: { y: 2, x: 1 } })).toEqual([5]);
    expect(select(docs, { 'm.x': 3 })).toEqual([6]);
    expect(select(docs, { m: { $elemMatch: { x: 1, y: 2 } } })).toEqual([6]);
  });
  it('dotted paths cross arrays of sub-documents but not arrays nested in arrays', () => {
    expect(select(docs, { 'a.b.c': 2 })).toEqual([7]);
    expect(select(docs, { 'a.b': 1 })).toEqual([]);
    expect(select(docs, { 'a.b': { $elemMatch: { c: 2 } } })).toEqual([7]);
  });
  it('array offsets index arrays, and also name fields of sub-documents', () => {
    expect(select(docs, { 'a.0': 5 })).toEqual([9]);
    expect(select(docs, { 'a.1': 7 })).toEqual([9]);
    expect(select(docs, { 'a.0.0': 7 })).toEqual([10]);
    expect(select(docs, { 'a.0.b': 1 })).toEqual([8]);
  });
  it('$elemMatch value form tests elements themselves, without expanding nested arrays', () => {
    expect(select(docs, { a: { $elemMatch: { $gt: 8 } } })).toEqual([10]);
    expect(select(docs, { a: { $elemMatch: { $size: 2 } } })).toEqual([10]);
    expect(select(docs, { a: 7 })).toEqual([9]);
    expect(select(docs, { a: [7, 8] })).toEqual([10]);
  });
});

describe('BSON values', () => {
  const oid1 = new ObjectId('64b000000000000000000001');
  const oid2 = new ObjectId('64b000000000000000000002');
  const d1 = new Date('2024-01-01T00:00:00Z');
  const d2 = new Date('2024-06-01T00:00:00Z');
  const docs: Doc[] = [
    { _id: 1, v: oid1, when: d1, bin: new Binary(Buffer.from([1, 2]), 0), n: 1 },
    {
      _id: 2,
      v: [oid1, oid2],
      when: [d1, d2],
      bin: new Binary(Buffer.from([1, 2]), 5),
      n: Long.fromString('1'),
    },
    {
      _id: 3,
      v: oid1.toHexString(),
      when: d1.toISOString(),
      bin: Buffer.from([1, 2]),
      n: Decimal128.fromString('1.0'),
    },
    { _id: 4, v: null, when: d2, n: 1.5, big: Long.fromString('9007199254740993') },
    { _id: 5, n: new Double(2), re: /ab+c/i },
  ];
  it('ObjectIds compare by value, from any bson copy, never equal to their hex string', () => {
    expect(select(docs, { v: new ObjectId(oid1.toHexString()) })).toEqual([1, 2]);
    expect(select(docs, { v: new DriverObjectId(oid2.toHexString()) })).toEqual([2]);
    expect(select(docs, { v: { $in: [new DriverObjectId(oid1.toHexString()), 'x'] } })).toEqual([1, 2]);
    expect(select(docs, { v: { $gt: oid1 } })).toEqual([2]);
    expect(select(docs, { v: { $type: 'objectId' } })).toEqual([1, 2]);
    expect(select(docs, { v: oid1.toHexString() })).toEqual([3]);
  });
  it('Dates compare as instants and only with Dates', () => {
    expect(select(docs, { when: { $gt: d1 } })).toEqual([2, 4]);
    expect(select(docs, { when: { $lte: d1 } })).toEqual([1, 2]);
    expect(select(docs, { when: new Date(d2.getTime()) })).toEqual([2, 4]);
    expect(select(docs, { when: { $gt: '2000' } })).toEqual([3]);
    expect(select(docs, { when: { $type: 'date' } })).toEqual([1, 2, 4]);
  });
  it('Binary compares subtype and bytes; a Buffer is subtype 0', () => {
    expect(select(docs, { bin: Buffer.from([1, 2]) })).toEqual([1, 3]);
    expect(select(docs, { bin: new Binary(Buffer.from([1, 2]), 5) })).toEqual([2]);
    expect(select(docs, { bin: { $type: 'binData' } })).toEqual([1, 2, 3]);
  });
  it('numbers compare by value across int, long, double and decimal, and keep their BSON type', () => {
    expect(select(docs, { n: 1 })).toEqual([1, 2, 3]);
    expect(select(docs, { n: { $gt: 1 } })).toEqual([4, 5]);
    expect(select(docs, { n: { $type: 'long' } })).toEqual([2]);
    expect(select(docs, { n: { $type: 'decimal' } })).toEqual([3]);
    expect(select(docs, { n: { $type: 'int' } })).toEqual([1]);
    expect(select(docs, { n: { $type: 'double' } })).toEqual([4, 5]);
    expect(select(docs, { big: { $gt: Long.fromString('9007199254740992') } })).toEqual([4]);
    expect(select(docs, { n: { $mod: [2, 0] } })).toEqual([5]);
  });
  it('regular expressions: $regex with options, literal regex equality with $eq, no match on non-strings', () => {
    expect(select(docs, { v: { $regex: '^64B', $options: 'i' } })).toEqual([3]);
    expect(select(docs, { v: { $regex: ' ^ 64 b # comment', $options: 'ix' } })).toEqual([3]);
    expect(select(docs, { re: { $eq: /ab+c/i } })).toEqual([5]);
    expect(select(docs, { re: /ab+c/ })).toEqual([]);
    expect(select(docs, { v: { $not: /^64/ } })).toEqual([1, 2, 4, 5]);
  });
  it('$expr sees BSON numbers as numbers', () => {
    expect(select(docs, { $expr: { $gt: ['$n', 1] } })).toEqual([4, 5]);
  });
  it('logical operators and $comment', () => {
    expect(select(docs, { $or: [{ n: 1.5 }, { v: null }], $comment: 'x' })).toEqual([4, 5]);
    expect(select(docs, { $nor: [{ n: 1 }, { v: null }] })).toEqual([]);
    expect(select(docs, { $and: [{ n: { $gte: 1 } }, { n: { $lt: 2 } }] })).toEqual([1, 2, 3, 4]);
  });
});

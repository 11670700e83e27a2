/** Engine values to the contract's JSON datum: relaxed Extended JSON, and projections as MongoDB does them. */
import { Binary, Decimal128, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { datumJsonSchema } from '#shared/contract';
import { projectPaths, toDatumJson, toExtendedJson } from './datum-json';

describe('toExtendedJson', () => {
  it('writes BSON values as relaxed Extended JSON', () => {
    const id = new ObjectId('65f0a1b2c3d4e5f6a7b8c9d0');
    expect(
      toExtendedJson({
        id,
        at: new Date('2024-03-01T12:00:00.123Z'),
        ancient: new Date(-86_400_000),
        bytes: Buffer.from('hi'),
        binary: new Binary(Buffer.from([1, 2]), 4),
        small: Long.fromNumber(42),
        big: Long.fromString('9007199254740993'),
        bigint: 2n ** 60n,
        safeBigint: 2n ** 40n,
        decimal: Decimal128.fromString('1.10'),
        nan: Number.NaN,
        list: [1, 'a', null, { nested: id }],
        skipped: undefined,
      }),
    ).toEqual({
      id: { $oid: '65f0a1b2c3d4e5f6a7b8c9d0' },
      at: { $date: '2024-03-01T12:00:00.123Z' },
      ancient: { $date: { $numberLong: '-86400000' } },
      bytes: { $binary: { base64: 'aGk=', subType: '00' } },
      binary: { $binary: { base64: 'AQI=', subType: '04' } },
      small: 42,
      big: { $numberLong: '9007199254740993' },
      bigint: { $numberLong: '1152921504606846976' },
      safeBigint: 1099511627776,
      decimal: { $numberDecimal: '1.10' },
      nan: { $numberDouble: 'NaN' },
      list: [1, 'a', null, { nested: { $oid: '65f0a1b2c3d4e5f6a7b8c9d0' } }],
    });
  });
});

describe('projections', () => {
  const doc = {
    label: 'cat',
    box: { x: 1, y: 2 },
    boxes: [{ x: 1, y: 2 }, { x: 3, y: 4 }, 'not a document'],
    tags: ['a', 'b'],
  };
  it('keeps the chosen paths, through arrays of sub-documents', () => {
    expect(projectPaths(doc, [['label']])).toEqual({ label: 'cat' });
    expect(projectPaths(doc, [['box', 'x'], ['tags']])).toEqual({ box: { x: 1 }, tags: ['a', 'b'] });
    expect(projectPaths(doc, [['boxes', 'x']])).toEqual({ boxes: [{ x: 1 }, { x: 3 }] });
    expect(projectPaths(doc, [['missing']])).toEqual({});
    expect(projectPaths('scalar', [['a']])).toBeUndefined();
  });

  it('makes a contract datum, whole or reduced to fields', () => {
    const datum = {
      id: '65f0a1b2c3d4e5f6a7b8c9d0',
      data: { type: 'image', filename: 'a.png', size: 10 },
      registryUri: null,
      registryKey: null,
      derivedFrom: null,
      metadata: { project: 'P', at: new Date('2024-01-01T00:00:00Z') },
      addedAt: new Date('2024-02-02T00:00:00Z'),
    };
    const whole = toDatumJson(datum);
    expect(datumJsonSchema.parse(whole)).toEqual(whole);
    expect(whole.metadata).toEqual({ project: 'P', at: { $date: '2024-01-01T00:00:00.000Z' } });
    expect(toDatumJson(datum, ['data.filename', 'metadata.project'])).toMatchObject({
      data: { filename: 'a.png' },
      metadata: { project: 'P' },
      addedAt: '2024-02-02T00:00:00.000Z',
    });
    expect(toDatumJson(datum, ['metadata.project']).data).toBeNull();
  });
});

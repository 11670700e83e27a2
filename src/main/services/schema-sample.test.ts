import { Binary, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { flattenSchema, valueType } from './schema-sample';

describe('schema sample', () => {
  it('flattens data.* and metadata.* paths with every type seen and how many documents hold them', () => {
    const fields = flattenSchema([
      {
        data: { type: 'image', size: 10, box: { x: 1, y: 2 } },
        metadata: { tags: ['a'], ref: new ObjectId() },
      },
      {
        data: { type: 'label', size: '10', box: {} },
        metadata: { when: new Date(), raw: new Binary(Buffer.from('x')) },
      },
      { data: null, metadata: {} },
      { data: 'just a string' },
    ]);
    expect(fields).toEqual([
      { path: 'data', types: ['null', 'string'], count: 2 },
      { path: 'data.box', types: ['object'], count: 1 },
      { path: 'data.box.x', types: ['number'], count: 1 },
      { path: 'data.box.y', types: ['number'], count: 1 },
      { path: 'data.size', types: ['number', 'string'], count: 2 },
      { path: 'data.type', types: ['string'], count: 2 },
      { path: 'metadata', types: ['object'], count: 2 },
      { path: 'metadata.raw', types: ['binary'], count: 1 },
      { path: 'metadata.ref', types: ['objectId'], count: 1 },
      { path: 'metadata.tags', types: ['array'], count: 1 },
      { path: 'metadata.when', types: ['date'], count: 1 },
    ]);
  });

  it('names JSON and BSON types', () => {
    expect(
      [true, 1, 'x', null, undefined, [], {}, new Date(), new Uint8Array(1), 10n].map(valueType),
    ).toEqual(['boolean', 'number', 'string', 'null', 'null', 'array', 'object', 'date', 'binary', 'number']);
  });
});

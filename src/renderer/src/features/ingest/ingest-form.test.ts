import { describe, expect, it } from 'vitest';
import { ingestOptionsSchema } from '#shared/contract';
import { DEFAULT_FORM, fieldValue, toOptions } from './ingest-form';

describe('the ingestion form', () => {
  it('becomes options the contract accepts, with typed field values', () => {
    const options = toOptions(
      {
        ...DEFAULT_FORM,
        registryUri: ' file:///data/reg ',
        project: ' zoo ',
        tags: 'a, b,,  c ',
        fields: [
          { key: 'split', value: 'train' },
          { key: 'round', value: '3' },
          { key: 'checked', value: 'true' },
          { key: ' ', value: 'ignored' },
        ],
      },
      [{ kind: 'path', path: '/data/photos' }],
      null,
    );
    expect(ingestOptionsSchema.parse(options)).toMatchObject({
      target: { kind: 'registry', uri: 'file:///data/reg' },
      metadata: {
        project: 'zoo',
        tags: ['a', 'b', 'c'],
        fields: { split: 'train', round: 3, checked: true },
      },
      duplicates: 'skip',
    });
    expect(toOptions({ ...DEFAULT_FORM, targetKind: 'inline' }, [], 'a'.repeat(24)).target).toEqual({
      kind: 'inline',
    });
  });

  it('keeps text that only looks like a number as text', () => {
    expect([fieldValue('007'), fieldValue('1e3'), fieldValue('-2.5'), fieldValue('yes')]).toEqual([
      '007',
      '1e3',
      -2.5,
      'yes',
    ]);
  });
});

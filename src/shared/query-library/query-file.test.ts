/** Query files: what the app writes reads back the same; other shapes are read; bad ones are named. */
import { describe, expect, it } from 'vitest';
import { QueryValidationError } from '../errors';
import { parseQueryFile, serializeQueryFile } from './query-file';

const LABELLED = [
  { column: 'image_id', 'data.type': 'image', added_at: { $gte: { $date: '2024-01-01T00:00:00.000Z' } } },
  { column: 'label_id', derived_from: 'image_id', strategy: 'latest' },
];

describe('query files', () => {
  it('reads back what it writes', () => {
    const text = serializeQueryFile([
      {
        name: 'Labelled',
        description: 'images with a label',
        query: LABELLED,
        datumsWanted: 100,
        transpose: false,
      },
      {
        name: 'All images',
        description: '',
        query: [{ column: 'image_id' }],
        datumsWanted: null,
        transpose: true,
      },
    ]);
    expect(parseQueryFile(text, 'mine.json')).toEqual([
      {
        name: 'Labelled',
        description: 'images with a label',
        query: LABELLED,
        datumsWanted: 100,
        transpose: false,
      },
      {
        name: 'All images',
        description: undefined,
        query: [{ column: 'image_id' }],
        datumsWanted: null,
        transpose: true,
      },
    ]);
  });

  it('reads a bare query list, a bare query object and one named query', () => {
    expect(parseQueryFile(JSON.stringify(LABELLED), 'unlabelled images.json')).toMatchObject([
      { name: 'unlabelled images', query: LABELLED, datumsWanted: null, transpose: false },
    ]);
    expect(parseQueryFile('{"column": "x", "data.type": "image"}', 'one.json')).toMatchObject([
      { name: 'one', query: [{ column: 'x', 'data.type': 'image' }] },
    ]);
    expect(parseQueryFile('{"name": "N", "query": [{"column": "a"}], "datumsWanted": 5}')).toMatchObject([
      { name: 'N', datumsWanted: 5 },
    ]);
  });

  it('names the file, the query and the problem', () => {
    expect(() => parseQueryFile('{nope', 'broken.json')).toThrow(/^broken\.json is not valid JSON/);
    expect(() => parseQueryFile('42', 'n.json')).toThrow(/n\.json holds neither a query/);
    const bad = serializeQueryFile([
      { name: 'Fine', description: '', query: [{ column: 'a' }], datumsWanted: null, transpose: false },
      {
        name: 'Broken',
        description: '',
        query: [{ column: 'a' }, { column: 'b', derived_from: 'zz' }],
        datumsWanted: null,
        transpose: false,
      },
    ]);
    const err = (() => {
      try {
        parseQueryFile(bad, 'two.json');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(QueryValidationError);
    expect((err as Error).message).toBe('query 2 of two.json (“Broken”): Unknown derived_from reference: zz');
    expect(() =>
      parseQueryFile('{"format": "datalake-browser.queries", "version": 2, "queries": []}', 'v2.json'),
    ).toThrow(/version 2; this app reads version 1/);
  });
});

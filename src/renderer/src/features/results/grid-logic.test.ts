/** The results grid's pure parts: pacing, keyboard movement, field values, default fields, row links. */
import { describe, expect, it } from 'vitest';
import { defaultFields, pickableFields, trimDefaults } from './column-fields';
import { compareValues, formatValue, valueAt } from './field-values';
import { moveActive } from './grid-keys';
import { demandFor, INITIAL_DEMAND, LOOKAHEAD, nextPullSize } from './pull-policy';
import { stageLabels } from './query-stages';
import { lineageHref, rowJson } from './row-links';

describe('pull policy', () => {
  it('keeps a margin of rows beyond the last one shown, and waits once it holds them', () => {
    expect(demandFor(0)).toBe(Math.max(INITIAL_DEMAND, 1 + LOOKAHEAD));
    expect(demandFor(20_000)).toBe(20_001 + LOOKAHEAD);
    expect(nextPullSize(0, INITIAL_DEMAND, false)).toBe(INITIAL_DEMAND);
    expect(nextPullSize(INITIAL_DEMAND, INITIAL_DEMAND, false)).toBe(0);
    expect(nextPullSize(4900, 5000, false)).toBe(1000); // never a trickle of tiny pulls
    expect(nextPullSize(0, 50_000, false)).toBe(10_000); // the contract's largest batch
    expect(nextPullSize(90_000, 5000, true)).toBe(10_000); // Load all ignores the grid
  });
});

describe('keyboard movement', () => {
  const size = { rows: 100, cols: 5, page: 11 };
  it('moves by cell, page, and to the ends, staying inside the grid', () => {
    expect(moveActive('ArrowDown', false, { row: 0, col: 2 }, size)).toEqual({ row: 1, col: 2 });
    expect(moveActive('ArrowUp', false, { row: 0, col: 2 }, size)).toEqual({ row: 0, col: 2 });
    expect(moveActive('ArrowRight', false, { row: 3, col: 4 }, size)).toEqual({ row: 3, col: 4 });
    expect(moveActive('ArrowLeft', false, { row: 3, col: 4 }, size)).toEqual({ row: 3, col: 3 });
    expect(moveActive('ArrowLeft', true, { row: 3, col: 4 }, size)).toEqual({ row: 3, col: 0 });
    expect(moveActive('ArrowRight', true, { row: 3, col: 1 }, size)).toEqual({ row: 3, col: 4 });
    expect(moveActive('PageDown', false, { row: 0, col: 1 }, size)).toEqual({ row: 10, col: 1 });
    expect(moveActive('PageDown', false, { row: 95, col: 1 }, size)).toEqual({ row: 99, col: 1 });
    expect(moveActive('PageUp', false, { row: 5, col: 1 }, size)).toEqual({ row: 0, col: 1 });
    expect(moveActive('End', false, { row: 5, col: 1 }, size)).toEqual({ row: 99, col: 1 });
    expect(moveActive('Home', false, { row: 50, col: 1 }, size)).toEqual({ row: 0, col: 1 });
    expect(moveActive('x', false, { row: 0, col: 0 }, size)).toBeNull();
    expect(moveActive('ArrowDown', false, { row: 0, col: 0 }, { rows: 0, cols: 5, page: 10 })).toBeNull();
  });
});

describe('field values', () => {
  const datum = {
    data: { type: 'image', size: 12, box: { x: 3 }, tags: [{ k: 'a' }, { k: 'b' }] },
    metadata: { when: { $date: '2024-01-02T03:04:05.000Z' }, ref: { $oid: '65a000000000000000000001' } },
  };
  it('reads dotted paths under data and metadata, through arrays of documents', () => {
    expect(valueAt(datum, 'data.type')).toBe('image');
    expect(valueAt(datum, 'data.box.x')).toBe(3);
    expect(valueAt(datum, 'data.tags.k')).toEqual(['a', 'b']);
    expect(valueAt(datum, 'data.nope')).toBeUndefined();
    expect(valueAt({ data: null, metadata: {} }, 'data.type')).toBeUndefined();
  });
  it('shows Extended JSON dates and ids as text and sorts numbers by value', () => {
    expect(formatValue(valueAt(datum, 'metadata.when'))).toBe('2024-01-02T03:04:05.000Z');
    expect(formatValue(valueAt(datum, 'metadata.ref'))).toBe('65a000000000000000000001');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('');
    expect([10, 9, 'b', 'a', 100].sort(compareValues)).toEqual([9, 10, 100, 'a', 'b']);
  });
});

describe('default fields', () => {
  const schema = [
    { path: 'data.type', types: ['string'], count: 500 },
    { path: 'data.filename', types: ['string'], count: 240 },
    { path: 'data', types: ['object'], count: 500 },
    { path: 'metadata.project', types: ['string'], count: 240 },
    { path: 'metadata.tags', types: ['object'], count: 10 },
    { path: 'registry_uri', types: ['string'], count: 5 },
  ];
  it('offers the usual fields the sample knows, and every data/metadata leaf in the picker', () => {
    expect(defaultFields(schema)).toEqual(['data.type', 'data.filename']);
    expect(defaultFields(null)).toEqual(['data.type', 'data.filename', 'data.label']);
    expect(pickableFields(schema)).toEqual(['data.type', 'data.filename', 'metadata.project']);
  });
  it('keeps per column only the defaults its datums carry (and always data.type)', () => {
    const defaults = ['data.type', 'data.filename', 'data.label'];
    expect(trimDefaults(defaults, [{ 'data.type': 'image', 'data.filename': 'a.png' }])).toEqual([
      'data.type',
      'data.filename',
    ]);
    expect(trimDefaults(defaults, [{ 'data.label': 'cat' }])).toEqual(['data.type', 'data.label']);
    expect(trimDefaults(defaults, [])).toEqual(defaults);
  });
});

describe('rows and stages', () => {
  it('copies a row as the engine returns it and links the lineage in column order', () => {
    const row = { image: 'a'.repeat(24), label: 'b'.repeat(24) };
    expect(JSON.parse(rowJson(row, ['image', 'label']))).toEqual(row);
    expect(Object.keys(JSON.parse(rowJson({ label: 'x', image: 'y' }, ['image', 'label'])))).toEqual([
      'image',
      'label',
    ]);
    expect(lineageHref(row, ['image', 'label'], row.label)).toBe(
      `#/graph/${row.label}?row=${row.image},${row.label}`,
    );
  });
  it('names every stage for the funnel, even in a query the engine will refuse', () => {
    expect(stageLabels([{ column: 'a' }, { column: 'b', strategy: 'missing' }, {}])).toEqual([
      { column: 'a', strategy: 'latest' },
      { column: 'b', strategy: 'missing' },
      { column: 'stage 3', strategy: 'latest' },
    ]);
    expect(stageLabels({ column: 'solo' })).toEqual([{ column: 'solo', strategy: 'latest' }]);
  });
});

/** The export dialogs' rules: column types and COCO/YOLO defaults, field paths, and the requests sent. */
import { describe, expect, it } from 'vitest';
import {
  columnTypes,
  datasetRequest,
  defaultBoxColumn,
  defaultImageColumn,
  type ExportSource,
  isAbsolutePath,
  parseFields,
  resultsRequest,
} from './export-form';

const QUERY = [
  { column: 'img', 'data.type': 'image' },
  { column: 'cls', derived_from: 'img', 'data.type': 'classification' },
  { column: 'det', derived_from: 'cls', 'data.type': 'bbox' },
  { column: 'note', derived_from: 'img', 'data.type': { $in: ['a', 'b'] } },
];
const SOURCE: ExportSource = { query: QUERY, datumsWanted: 25, columns: ['img', 'cls', 'det', 'note'] };

describe('column types', () => {
  it('reads each stage’s plain data.type and picks the image and bbox columns from them', () => {
    const types = columnTypes(QUERY);
    expect(types).toEqual({ img: 'image', cls: 'classification', det: 'bbox', note: null });
    expect(defaultImageColumn(SOURCE.columns, types)).toBe('img');
    expect(defaultBoxColumn(SOURCE.columns, types)).toBe('det');
  });

  it('falls back on names, then on the first column (image) or none (boxes)', () => {
    const columns = ['id', 'picture', 'boxes'];
    const types = columnTypes({ column: 'id' });
    expect(defaultImageColumn(columns, types)).toBe('picture');
    expect(defaultBoxColumn(columns, types)).toBe('boxes');
    expect(defaultImageColumn(['a', 'b'], {})).toBe('a');
    expect(defaultBoxColumn(['a', 'b'], {})).toBe('');
  });
});

describe('field paths', () => {
  it('accepts data and metadata paths, trims and drops repeats, and names a path it refuses', () => {
    expect(parseFields(' data.label ,metadata.split,, data.label')).toEqual({
      fields: ['data.label', 'metadata.split'],
    });
    expect(parseFields('')).toEqual({ fields: [] });
    expect(parseFields('data.label, label')).toEqual({
      error: '"label" is not a field path: write data.… or metadata.… (e.g. data.label)',
    });
    expect(parseFields('data')).toHaveProperty('error');
    expect(parseFields('data..x')).toHaveProperty('error');
  });
});

describe('requests', () => {
  const fields = { img: 'data.filename', cls: 'data.label, data.confidence', det: '', note: 'metadata.x' };

  it('builds the results export: columns with their fields, the rows wanted, a download or a path', () => {
    const checked = resultsRequest(SOURCE, {
      format: 'jsonl',
      rows: 'wanted',
      fields,
      path: null,
      download: true,
    });
    expect(checked).toEqual({
      ok: true,
      input: {
        query: QUERY,
        datumsWanted: 25,
        format: 'jsonl',
        columns: [
          { column: 'img', fields: ['data.filename'] },
          { column: 'cls', fields: ['data.label', 'data.confidence'] },
          { column: 'det', fields: [] },
          { column: 'note', fields: ['metadata.x'] },
        ],
        destination: { kind: 'download' },
      },
    });
    const toFile = resultsRequest(SOURCE, {
      format: 'csv',
      rows: 'all',
      fields,
      path: '/x/r.csv',
      download: false,
    });
    expect(toFile.ok && toFile.input).toMatchObject({
      datumsWanted: null,
      destination: { kind: 'path', path: '/x/r.csv' },
    });
  });

  it('lists every problem of a results export instead of sending it', () => {
    const checked = resultsRequest(SOURCE, {
      format: 'csv',
      rows: 'all',
      fields: { ...fields, cls: 'label' },
      path: null,
      download: false,
    });
    expect(checked).toEqual({
      ok: false,
      problems: [
        'cls: "label" is not a field path: write data.… or metadata.… (e.g. data.label)',
        'Choose the file to write',
      ],
    });
  });

  it('builds the dataset export, with the annotation columns only for COCO/YOLO', () => {
    const base = {
      columns: ['det', 'img'],
      folder: ' /data/out ',
      imageColumn: 'img',
      boxColumn: 'det',
      rows: 'all' as const,
    };
    expect(datasetRequest(SOURCE, { ...base, format: 'files' })).toEqual({
      ok: true,
      input: {
        query: QUERY,
        datumsWanted: null,
        columns: ['img', 'det'],
        folder: '/data/out',
        format: 'files',
      },
    });
    const coco = datasetRequest(SOURCE, { ...base, format: 'coco', rows: 'wanted' });
    expect(coco.ok && coco.input).toMatchObject({
      format: 'coco',
      imageColumn: 'img',
      boxColumn: 'det',
      datumsWanted: 25,
    });
  });

  it('refuses a dataset export without columns, with a relative folder, or without its image column', () => {
    expect(
      datasetRequest(SOURCE, {
        columns: [],
        folder: 'out',
        format: 'yolo',
        imageColumn: 'img',
        boxColumn: '',
        rows: 'all',
      }),
    ).toEqual({
      ok: false,
      problems: [
        'Choose at least one column to copy',
        'The folder must be an absolute path (got "out")',
        'YOLO: tick the image column "img" among the columns to copy',
        'YOLO needs a bbox column',
      ],
    });
  });

  it('knows absolute paths on POSIX and Windows', () => {
    expect(['/a', 'C:\\data', 'd:/x', '\\\\server\\share'].map(isAbsolutePath)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['a/b', '~/x', 'C:x', ''].map(isAbsolutePath)).toEqual([false, false, false, false]);
  });
});

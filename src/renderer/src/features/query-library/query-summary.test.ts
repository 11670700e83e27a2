import { describe, expect, it } from 'vitest';
import {
  baseFilterText,
  fileNameFor,
  formatDuration,
  formatRows,
  formatWhen,
  stageChain,
} from './query-summary';

const THREE = [
  { column: 'image_id', 'metadata.project': 'P', 'data.type': 'image' },
  { column: 'label_id', derived_from: 'image_id', strategy: 'earliest', 'data.type': 'classification' },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing' },
];

describe('query summaries', () => {
  it('names the chain of columns with the strategies that are not the default', () => {
    expect(stageChain(THREE)).toBe('image_id → label_id (earliest) → no bbox_id');
    expect(stageChain([{ column: 'a', strategy: 'latest' }])).toBe('a');
    expect(stageChain([{ 'data.type': 'x' }])).toBe('stage 1');
    expect(stageChain([])).toBe('Empty query');
  });

  it('shows the base filter without the reserved keys', () => {
    expect(baseFilterText(THREE)).toBe('metadata.project: "P", data.type: "image"');
    expect(baseFilterText([{ column: 'a', strategy: 'random' }])).toBe('');
    expect(baseFilterText([{ column: 'a', added_at: { $gte: { $date: '2024-01-01T00:00:00Z' } } }])).toBe(
      'added_at: {"$gte":{"$date":"2024-01-01T00:00:00Z"}}',
    );
  });

  it('says when a run was, relative while it is recent', () => {
    const now = new Date('2025-03-12T15:00:00');
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    expect(formatWhen(ago(10_000), now)).toBe('just now');
    expect(formatWhen(ago(60_000), now)).toBe('1 min ago');
    expect(formatWhen(ago(25 * 60_000), now)).toBe('25 min ago');
    expect(formatWhen(ago(3 * 3600_000 + 60_000), now)).toBe('3 h ago');
    const older = formatWhen(ago(30 * 3600_000), now);
    expect(older).not.toMatch(/ago/);
    expect(older).toMatch(/2025/);
  });

  it('writes durations and row counts for people', () => {
    expect(formatDuration(42.4)).toBe('42 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(12_500)).toBe('13 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatRows(1)).toBe('1 row');
    expect(formatRows(12400)).toBe('12,400 rows');
  });

  it('makes file names from query names', () => {
    expect(fileNameFor('Images without a bbox', 'json')).toBe('Images-without-a-bbox.json');
    expect(fileNameFor('Étiquettes / v2 (final)', 'py')).toBe('Etiquettes-v2-final.py');
    expect(fileNameFor('***', 'ts')).toBe('query.ts');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, plural } from './format';

describe('ingestion formatting', () => {
  it('writes sizes, durations and counts in plain words', () => {
    expect([0, 512, 2048, 5.5 * 1024 ** 2, 2 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '2.0 KB',
      '5.5 MB',
      '2.0 GB',
    ]);
    expect([null, 4_000, 125_000, 3_720_000].map(formatDuration)).toEqual([
      '—',
      '4 s',
      '2 min 5 s',
      '1 h 2 min',
    ]);
    expect([plural(1, 'file'), plural(3, 'file'), plural(2, 'box', 'boxes')]).toEqual([
      '1 file',
      '3 files',
      '2 boxes',
    ]);
  });
});

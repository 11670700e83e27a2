/**
 * The multi-level queries that the live suite runs through this engine and through the Python library's
 * own implementations, over one dataset this file builds.
 */
import type { Datalake } from '../datalake';

export interface QueryCase {
  name: string;
  query: Array<Record<string, unknown>> | Record<string, unknown>;
  datums_wanted?: number;
  transpose?: boolean;
  /**
   * How rows compare: `ordered` when the order is defined by a strategy and a limit (the library's loop
   * keeps the store's order without `datums_wanted`), `set` otherwise, `subset` for random picks (each row
   * must be one of the full query's rows).
   */
  compare: 'ordered' | 'set' | 'subset';
  /** False where the aggregation `query_data` (0.6–0.10) has a known defect that the README lists. */
  aggregation: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Eight images (quality 0.5…1.2, sizes 500…1200, tags and a city), labels on images 0–5 (image 1 has an
 * older and a newer label; only the older one has a bbox), bboxes under the labels of images 0, 2 and 4.
 */
export async function buildQueryDataset(dl: Datalake, project: string): Promise<void> {
  const add = async (data: unknown, metadata: Record<string, unknown>, derivedFrom?: string) => {
    await sleep(3); // distinct added_at (millisecond precision) so latest/earliest are defined
    return (await dl.addDatum(data, metadata, { derivedFrom })).id;
  };
  for (let i = 0; i < 8; i++) {
    const image = await add(
      { type: 'image', size: 500 + 100 * i },
      {
        project,
        quality: 0.5 + 0.1 * i,
        tags: i % 2 === 0 ? ['nature', 'sky'] : ['city'],
        location: { city: i % 3 === 0 ? 'Paris' : 'Rome' },
      },
    );
    if (i > 5) continue;
    const label = await add(
      { type: 'classification', label: i % 2 ? 'dog' : 'cat' },
      { model: 'r50' },
      image,
    );
    if (i === 1) {
      await add({ type: 'bbox', x: 1, y: 1, w: 2, h: 2 }, {}, label); // under the older label only
      await add({ type: 'classification', label: 'cat' }, { model: 'vit' }, image);
    }
    if (i === 0 || i === 2 || i === 4) await add({ type: 'bbox', x: i, y: 0, w: 5, h: 5 }, {}, label);
  }
}

export function queryCases(project: string): QueryCase[] {
  const base = (extra: Record<string, unknown> = {}) => ({
    'metadata.project': project,
    'data.type': 'image',
    column: 'image_id',
    ...extra,
  });
  const lbl = (strategy = 'latest', extra: Record<string, unknown> = {}) => ({
    derived_from: 'image_id',
    'data.type': 'classification',
    column: 'label_id',
    strategy,
    ...extra,
  });
  const box = (strategy = 'latest') => ({
    derived_from: 'label_id',
    'data.type': 'bbox',
    column: 'bbox_id',
    strategy,
  });
  return [
    { name: 'base only', query: base(), compare: 'set', aggregation: true },
    { name: 'base only, transposed', query: base(), transpose: true, compare: 'set', aggregation: true },
    { name: 'data filter', query: base({ 'data.size': { $gt: 800 } }), compare: 'set', aggregation: true },
    { name: 'image + latest label', query: [base(), lbl()], compare: 'set', aggregation: true },
    { name: 'image + earliest label', query: [base(), lbl('earliest')], compare: 'set', aggregation: true },
    { name: 'images without a label', query: [base(), lbl('missing')], compare: 'set', aggregation: true },
    // The aggregation version can pair image 1's newer label with the bbox of its older one.
    { name: 'full chains', query: [base(), lbl(), box()], compare: 'set', aggregation: false },
    {
      name: 'labels without a bbox',
      query: [base(), lbl(), box('missing')],
      compare: 'set',
      aggregation: false,
    },
    {
      name: 'earliest label chains',
      query: [base(), lbl('earliest'), box()],
      compare: 'set',
      aggregation: false,
    },
    {
      name: 'metadata filters: array, nested, range',
      query: base({
        'metadata.tags': { $in: ['nature'] },
        'metadata.location.city': 'Paris',
        'metadata.quality': { $gte: 0.5 },
      }),
      compare: 'set',
      aggregation: true,
    },
    {
      name: 'derived filters on data and metadata',
      query: [base(), lbl('latest', { 'metadata.model': 'r50', 'data.label': 'cat' })],
      compare: 'set',
      aggregation: true,
    },
    {
      name: 'quality >= 0.7, full chains, 2 newest',
      query: [base({ 'metadata.quality': { $gte: 0.7 } }), lbl(), box()],
      datums_wanted: 2,
      compare: 'ordered',
      aggregation: false,
    },
    {
      name: '3 earliest labelled',
      query: [base({ strategy: 'earliest' }), lbl()],
      datums_wanted: 3,
      compare: 'ordered',
      aggregation: true,
    },
    {
      name: '4 newest labelled, transposed',
      query: [base(), lbl()],
      datums_wanted: 4,
      transpose: true,
      compare: 'ordered',
      aggregation: true,
    },
    {
      name: 'random base, 3 rows',
      query: [base({ strategy: 'random' }), lbl()],
      datums_wanted: 3,
      compare: 'subset',
      aggregation: true,
    },
  ];
}

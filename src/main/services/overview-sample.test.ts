/**
 * The sample dataset and the overview on a real datalake: the embedded default, and the MongoDB test
 * server. The overview's numbers must be exactly what the generator reports.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleLoadResultSchema } from '#shared/contract';
import type { QueryObject } from '#shared/query/types';
import { uniqueName } from '../../test-support/env';
import { addTestMongo, makeTestServices, ok, type TestServices } from './test-services';

const IMAGES = 80;
const BASE = { 'metadata.project': 'sample-shapes', column: 'image' };
const LBL = (strategy: string) => ({
  derived_from: 'image',
  'data.type': 'classification',
  column: 'label',
  strategy,
});
const BOX = (strategy: string) => ({ derived_from: 'label', 'data.type': 'bbox', column: 'bbox', strategy });

describe.each(['embedded', 'mongodb'] as const)('sample dataset and overview on %s', (kind) => {
  let t: TestServices;
  beforeEach(async () => {
    t = await makeTestServices();
    if (kind === 'mongodb') {
      const c = await addTestMongo(t, 'Test', uniqueName('sample'));
      await ok(t.dispatcher.call('connections.activate', { id: c.id }));
    }
  });
  afterEach(async () => {
    await t.close();
  });

  it('loads the sample as a job and the overview shows exactly its counts', async () => {
    const empty = await ok(t.dispatcher.call('overview.get', {}));
    expect(empty).toMatchObject({ estimatedCount: 0 });
    expect(await ok(t.dispatcher.call('overview.typeCounts', {}))).toMatchObject({ counts: [] });
    expect(await ok(t.dispatcher.call('overview.schema', {}))).toEqual({ sampled: 0, fields: [] });

    const { jobId } = await ok(t.dispatcher.call('sample.load', { images: IMAGES }));
    const end = await t.services.jobs.wait(jobId);
    expect(end.status).toBe('succeeded');
    const result = sampleLoadResultSchema.parse(end.result);
    expect(result.images).toBe(IMAGES);
    expect(result.total).toBe(IMAGES * 2 + result.classifications + result.bboxes);
    // Everything the strategies and `missing` need: unlabelled images, relabelled images, labels without boxes.
    expect(result.unlabelled).toBeGreaterThan(0);
    expect(result.classifications).toBeGreaterThan(IMAGES - result.unlabelled);
    expect(result.bboxes).toBeGreaterThan(0);
    expect(result.bboxes).toBeLessThan(result.classifications);

    const progress = t.events.filter((e) => e.event === 'job.progress' && e.payload.jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.payload).toMatchObject({
      kind: 'sample.load',
      progress: { items: { done: result.total, total: result.total } },
    });
    expect(t.events.filter((e) => e.event === 'job.done')).toEqual([
      {
        event: 'job.done',
        payload: {
          jobId,
          kind: 'sample.load',
          status: 'succeeded',
          progress: end.progress,
          result: end.result,
        },
      },
    ]);
    expect(await ok(t.dispatcher.call('jobs.get', { jobId }))).toMatchObject({
      status: 'succeeded',
      progress: { items: { done: result.total } },
    });

    const overview = await ok(t.dispatcher.call('overview.get', {}));
    expect(overview.estimatedCount).toBe(result.total);
    // Counted before the load: the load's writes make those counts stale, so these are new ones.
    const byType = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(byType.cached).toBe(false);
    expect(byType.counts).toEqual(result.countsByType);
    expect(Object.fromEntries(byType.counts.map((c) => [String(c.type), c.count]))).toEqual({
      image: IMAGES,
      null: IMAGES,
      classification: result.classifications,
      bbox: result.bboxes,
    });
    expect(await ok(t.dispatcher.call('overview.exactCount', {}))).toEqual({ count: result.total });

    const schema = await ok(t.dispatcher.call('overview.schema', {}));
    expect(schema.sampled).toBe(Math.min(result.total, 1000));
    const byPath = Object.fromEntries(schema.fields.map((f) => [f.path, f]));
    expect(byPath['data.type']).toEqual({
      path: 'data.type',
      types: ['string'],
      count: result.total - IMAGES,
    });
    expect(byPath.data).toEqual({ path: 'data', types: ['null'], count: IMAGES });
    expect(byPath['data.confidence'].types).toEqual(['number']);
    expect(byPath['data.width'].count).toBe(IMAGES + result.bboxes);
    expect(byPath['metadata.tags']).toEqual({ path: 'metadata.tags', types: ['array'], count: IMAGES });
    expect(byPath['metadata.split'].types).toEqual(['string']);
    expect(byPath['metadata.model_version'].count).toBe(result.classifications + result.bboxes);
  });

  it('stores real PNGs in the local registry and gives every strategy and `missing` something to show', async () => {
    const { jobId } = await ok(t.dispatcher.call('sample.load', { images: 40 }));
    const result = sampleLoadResultSchema.parse((await t.services.jobs.wait(jobId)).result);
    await t.services.connections.withDatalake(async (dl, connection) => {
      const rows = async (query: QueryObject[]) =>
        (await dl.queryData(query)) as Array<Record<string, string>>;
      expect(result.registryUri).toBe(connection.registryUri);
      const images = await rows([BASE]);
      expect(images).toHaveLength(40);
      const [image] = await dl.getData([images[0].image]);
      const data = image.data as {
        type: string;
        sha256: string;
        size: number;
        width: number;
        format: string;
      };
      expect(data).toMatchObject({ type: 'image', format: 'PNG', width: 64, height: 64 });
      const [fileId] = await dl.getDirectlyDerivedData(image.id).then((ids) => ids.slice(0, 1));
      const children = await dl.getData(await dl.getDirectlyDerivedData(image.id));
      const file = children.find((c) => c.registryUri !== null)!;
      expect(fileId).toBeDefined();
      expect(file.registryUri).toBe(result.registryUri);
      const payload = file.data as { kind: string; format: string; bytes: Buffer };
      expect(payload).toMatchObject({ kind: 'image', format: 'PNG' });
      expect(payload.bytes.length).toBe(data.size);
      expect(createHash('sha256').update(payload.bytes).digest('hex')).toBe(data.sha256);

      const labelled = await rows([BASE, LBL('latest')]);
      const missing = await rows([BASE, LBL('missing')]);
      expect(missing).toHaveLength(result.unlabelled);
      expect(labelled.length + missing.length).toBe(40);
      expect(missing.every((row) => !('label' in row))).toBe(true);
      const earliest = await rows([BASE, LBL('earliest')]);
      const latestById = new Map(labelled.map((r) => [r.image, r.label]));
      const relabelled = earliest.filter((r) => latestById.get(r.image) !== r.label);
      expect(relabelled.length).toBeGreaterThan(0);
      const chains = await rows([BASE, LBL('latest'), BOX('latest')]);
      const noBox = await rows([BASE, LBL('latest'), BOX('missing')]);
      expect(chains.length).toBeGreaterThan(0);
      expect(noBox.length).toBeGreaterThan(0);
      expect(chains.length + noBox.length).toBe(labelled.length);
    });
  });

  it('refuses to load into a non-empty datalake, and a cancelled load leaves it empty', async () => {
    const { jobId } = await ok(t.dispatcher.call('sample.load', { images: 2000 }));
    await expect
      .poll(() => t.events.some((e) => e.event === 'job.progress' && e.payload.progress.items.done > 0), {
        timeout: 30_000,
        interval: 20,
      })
      .toBe(true);
    expect(await ok(t.dispatcher.call('jobs.cancel', { jobId }))).toEqual({ cancelled: true });
    const end = await t.services.jobs.wait(jobId);
    expect(end.status).toBe('cancelled');
    expect(await ok(t.dispatcher.call('overview.exactCount', {}))).toEqual({ count: 0 });
    expect(await ok(t.dispatcher.call('jobs.cancel', { jobId }))).toEqual({ cancelled: false });

    await t.services.connections.withDatalake((dl) => dl.addDatum({ type: 'note' }));
    const refused = await t.dispatcher.call('sample.load', {});
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The sample dataset loads only into an empty datalake; this one holds 1 datum',
        details: { count: 1 },
      },
    });
  });
});

/**
 * The graph calls through the dispatcher on the sample dataset, on the embedded default and on the MongoDB
 * test server: chains up to the root, children by type with small groups expanded, a query row's stages
 * with the strategy's pick among its candidates, the boxes over an image, and integrity warnings (a
 * dangling parent, a missing registry object) as data rather than failures.
 */
import { ObjectId } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDatum } from '#shared/contract';
import type { Row } from '#shared/query/types';
import { uniqueName } from '../../test-support/env';
import { addTestMongo, makeTestServices, ok, type TestServices } from './test-services';

const QUERY = [
  { 'metadata.project': 'sample-shapes', 'data.type': 'image', column: 'image', strategy: 'earliest' },
  { derived_from: 'image', 'data.type': 'classification', column: 'label', strategy: 'latest' },
  { derived_from: 'label', 'data.type': 'bbox', column: 'box', strategy: 'latest' },
];

describe.each(['embedded', 'mongodb'] as const)('graph calls on %s', (kind) => {
  let t: TestServices;
  let rows: Row[];
  beforeAll(async () => {
    t = await makeTestServices();
    if (kind === 'mongodb') {
      const c = await addTestMongo(t, 'Graph', uniqueName('graph'));
      await ok(t.dispatcher.call('connections.activate', { id: c.id }));
    }
    const { jobId } = await ok(t.dispatcher.call('sample.load', { images: 24 }));
    expect((await t.services.jobs.wait(jobId)).status).toBe('succeeded');
    rows = await t.services.connections.withDatalake(async (dl) => (await dl.queryData(QUERY)) as Row[]);
    expect(rows.length).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const call = <N extends Parameters<TestServices['dispatcher']['call']>[0]>(
    name: N,
    input: Parameters<TestServices['dispatcher']['call']>[1] & object,
  ) => ok(t.dispatcher.call(name as never, input as never)) as Promise<any>;

  it('walks a box up to its image, and names the image and label on the way', async () => {
    const row = rows[0];
    const { datums, dangling, unknown } = await call('graph.ancestors', { ids: [row.box] });
    expect(datums.map((d: GraphDatum) => d.id)).toEqual([row.box, row.label, row.image]);
    expect(datums.map((d: GraphDatum) => d.type)).toEqual(['bbox', 'classification', 'image']);
    expect(datums[2].key).toEqual({ field: 'filename', value: expect.stringMatching(/^shape-\d{4}\.png$/) });
    expect(datums[1].key?.field).toBe('label');
    expect(dangling).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it('groups an image’s children by type, with the datums of small groups and the registry child named', async () => {
    const image = rows[0].image;
    const { groups } = await call('graph.children', { parents: [image], expandAt: 5 });
    const byType = Object.fromEntries(groups.map((g: any) => [String(g.type), g]));
    expect(byType.classification.count).toBeGreaterThanOrEqual(1);
    expect(byType.classification.datums.map((d: GraphDatum) => d.id)).toContain(rows[0].label);
    // The PNG lives in a registry child: no data.type, named by its metadata's filename, object present.
    expect(byType.null.count).toBe(1);
    const file = byType.null.datums[0] as GraphDatum;
    expect(file.registry).not.toBeNull();
    expect(file.key?.field).toBe('filename');
    expect(file.problem).toBeUndefined();
    // expandAt 0: every group is a cluster (counts only).
    const clustered = await call('graph.children', { parents: [image], expandAt: 0 });
    expect(clustered.groups.every((g: any) => g.datums === undefined)).toBe(true);
  });

  it('gives a query row’s stages with their candidates and the pick among them', async () => {
    const row = rows.find((r) => r) as Row;
    const { stages } = await call('graph.row', { row: [row.image, row.label, row.box], query: QUERY });
    expect(stages.map((s: any) => s.column)).toEqual(['image', 'label', 'box']);
    expect(stages[0]).toMatchObject({ parent: null, strategy: null, candidateCount: 0 });
    expect(stages[1]).toMatchObject({ parent: row.image, strategy: 'latest' });
    expect(stages[1].candidates).toContain(row.label);
    expect(stages[2]).toMatchObject({ parent: row.label, strategy: 'latest' });
    expect(stages[2].candidates).toContain(row.box);
    // Candidates are the labels of that image only, as the engine sees them.
    const labels = await t.services.connections.withDatalake((dl) =>
      dl.childKeys([row.image], { 'data.type': 'classification' }),
    );
    expect(stages[1].candidates).toEqual(labels.map((k) => k.id));
    expect(stages[1].candidateDatums.map((d: GraphDatum) => d.id)).toEqual(stages[1].candidates);

    // Without the query, the pick's siblings of its type are the candidates.
    const guessed = await call('graph.row', { row: [row.image, row.label] });
    expect(guessed.stages[1].candidates).toEqual(stages[1].candidates);
    expect(guessed.stages[1].strategy).toBeNull();

    const bad = await t.dispatcher.call('graph.row', { row: [row.image], query: QUERY });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/row has 1 id but the query has 3 columns/);
  });

  it('finds the boxes drawn over an image, with the label and confidence of their classification', async () => {
    const row = rows[0];
    const { boxes, truncated } = await call('graph.boxes', { id: row.image });
    expect(truncated).toBe(false);
    const box = boxes.find((b: any) => b.id === row.box);
    const [boxDatum, labelDatum] = await t.services.connections.withDatalake((dl) =>
      dl.getData([row.box, row.label]),
    );
    const data = boxDatum.data as { x: number; y: number; width: number; height: number; label: string };
    expect(box).toEqual({
      id: row.box,
      type: 'bbox',
      label: data.label,
      confidence: (labelDatum.data as { confidence: number }).confidence,
      x: data.x,
      y: data.y,
      width: data.width,
      height: data.height,
      parent: row.label,
    });
  });

  it('reports a dangling parent and a missing registry object instead of failing', async () => {
    const ghost = new ObjectId().toHexString();
    const { orphan, file } = await t.services.connections.withDatalake(async (dl, connection) => {
      const orphan = await dl.addDatum({ type: 'classification', label: 'lost' }, {}, { derivedFrom: ghost });
      const file = await dl.addDatum(
        Buffer.from('bytes'),
        {},
        {
          registryUri: connection.registryUri!,
          derivedFrom: orphan.id,
        },
      );
      await dl.registry(connection.registryUri!).delete(file.registryKey!);
      return { orphan, file };
    });
    const up = await call('graph.ancestors', { ids: [file.id] });
    expect(up.datums.map((d: GraphDatum) => d.id)).toEqual([file.id, orphan.id]);
    expect(up.dangling).toEqual([{ id: ghost, children: [orphan.id] }]);
    expect(up.datums[0].problem).toMatchObject({ problem: 'missing' });
    const down = await call('graph.children', { parents: [orphan.id] });
    expect(down.groups[0].datums[0]).toMatchObject({ id: file.id, problem: { problem: 'missing' } });
  });
});

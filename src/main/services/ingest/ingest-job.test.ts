/**
 * The ingestion job on both stores, with real files and a real file registry: COCO, YOLO and VOC folders
 * become images with their labels and boxes under the right parents; the same drop again is skipped;
 * duplicates are skipped or added by choice; a cancelled drop is consistent and a re-run completes it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongoUri, uniqueName } from '../../../test-support/env';
import { Datalake, type Datum } from '../../engine';
import { batchDatums, bySource, expectConsistent, ingestPaths } from './ingest-test-kit';
import {
  COCO_SET,
  VOC_SET,
  writeCocoSet,
  writeManyImages,
  writeVocSet,
  writeYoloSet,
  YOLO_SET,
} from './test-fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function describeIngest(name: string, open: () => Promise<Datalake>) {
  describe(`ingestion [${name}]`, () => {
    let dl: Datalake;
    let root: string;
    let registry: string;
    beforeAll(async () => {
      dl = await open();
      root = await mkdtemp(join(tmpdir(), `ingest-${name}-`));
      registry = pathToFileURL(join(root, 'registry')).href;
    });
    afterAll(async () => {
      await dl?.close();
    });
    const target = () => ({ kind: 'registry' as const, uri: registry });
    const children = (datums: Datum[], parent: string) => datums.filter((d) => d.derivedFrom === parent);

    it('turns a COCO folder into images with their labels and boxes, reporting what does not match', async () => {
      const dir = join(root, 'coco');
      await writeCocoSet(dir);
      const run = await ingestPaths(dl, [dir], {
        target: target(),
        metadata: { project: 'zoo', tags: ['fixture'], fields: { split: 'train' } },
      });
      expect(run.result).toMatchObject({
        written: 3,
        skipped: 0,
        failed: 0,
        resumed: false,
        cancelled: false,
      });
      const total = COCO_SET.images * 2 + COCO_SET.classifications + COCO_SET.bboxes;
      expect(run.result.datums).toBe(total);
      expect(run.result.errorCount).toBe(COCO_SET.problems);
      expect(run.itemErrors.map((e) => e.item).sort()).toEqual([
        'coco/annotations/instances.json#annotations[5].image_id',
        'coco/annotations/instances.json#images[3]',
      ]);
      expect(run.itemErrors.find((e) => e.item.endsWith('images[3]'))!.message).toMatch(
        /"not-here\.png" is not in the drop \(1 annotation not imported\)/,
      );

      const datums = await batchDatums(dl, run.batchId);
      expect(datums).toHaveLength(total);
      await expectConsistent(dl, datums);
      const sources = bySource(datums);
      const pair = sources.get('coco/images/pair.png')!;
      const bytes = await readFile(join(dir, 'images/pair.png'));
      expect(pair.data).toEqual({
        type: 'image',
        filename: 'pair.png',
        width: 64,
        height: 40,
        format: 'PNG',
        size: bytes.length,
        sha256: sha(bytes),
      });
      expect(pair.derivedFrom).toBeNull();
      expect(pair.metadata).toMatchObject({
        project: 'zoo',
        tags: ['fixture'],
        split: 'train',
        ingest_batch: run.batchId,
      });
      const under = children(datums, pair.id);
      const file = under.find((d) => d.registryUri)!;
      expect(file.metadata).toMatchObject({ role: 'image-file', filename: 'pair.png' });
      expect(await dl.getDatum(file.id)).toMatchObject({ data: { kind: 'image', format: 'PNG', bytes } });
      const labels = under.filter((d) => !d.registryUri);
      expect(
        labels.map((d) => d.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([
        { type: 'classification', label: 'cat' },
        { type: 'classification', label: 'dog' },
      ]);
      const dog = labels.find((d) => (d.data as { label: string }).label === 'dog')!;
      expect(children(datums, dog.id).map((d) => d.data)).toEqual([
        { type: 'bbox', label: 'dog', x: 30, y: 5, width: 20, height: 30 },
      ]);
      expect(dog.metadata).toMatchObject({
        annotation_format: 'coco',
        annotation_file: 'coco/annotations/instances.json',
      });
      const cat2 = sources.get('coco/images/cat-2.png')!;
      const cat2Label = children(datums, cat2.id).find((d) => !d.registryUri)!;
      expect(cat2Label.data).toEqual({ type: 'classification', label: 'cat', confidence: 0.8 });
      expect(children(datums, cat2Label.id)[0].data).toMatchObject({
        x: 4,
        y: 4,
        width: 30,
        height: 20,
        confidence: 0.8,
      });
      // The batch's query (what the summary links to) lists the same datums.
      const rows = await dl.queryData(run.result.query as never);
      expect((rows as unknown[]).length).toBe(total);
    });

    it('skips everything when the same folder is dropped again', async () => {
      const dir = join(root, 'coco');
      const run = await ingestPaths(dl, [dir], {
        target: target(),
        metadata: { project: 'zoo', tags: ['fixture'], fields: { split: 'train' } },
      });
      expect(run.result).toMatchObject({
        written: 0,
        skipped: 3,
        skippedInBatch: 3,
        datums: 0,
        resumed: true,
      });
      expect(await batchDatums(dl, run.batchId)).toHaveLength(
        COCO_SET.images * 2 + COCO_SET.classifications + COCO_SET.bboxes,
      );
    });

    it('skips files already in the datalake by sha256, or adds them again when asked', async () => {
      const dir = join(root, 'coco');
      const skip = await ingestPaths(dl, [dir], { target: target(), metadata: { project: 'other' } });
      expect(skip.result).toMatchObject({ written: 0, skippedDuplicates: 3, skippedInBatch: 0, datums: 0 });
      const add = await ingestPaths(dl, [dir], {
        target: target(),
        metadata: { project: 'other' },
        duplicates: 'add',
      });
      expect(add.result).toMatchObject({ written: 3, skipped: 0 });
      const again = await batchDatums(dl, add.batchId);
      expect(again.filter((d) => (d.data as { type?: string } | null)?.type === 'image')).toHaveLength(3);
    });

    it('reads a YOLO folder with its class names, boxes in pixels of each image', async () => {
      const dir = join(root, 'yolo');
      await writeYoloSet(dir);
      const run = await ingestPaths(dl, [dir], { target: target() });
      expect(run.result).toMatchObject({ written: 3, failed: 0, errorCount: 0 });
      const datums = await batchDatums(dl, run.batchId);
      expect(datums).toHaveLength(YOLO_SET.images * 2 + YOLO_SET.classifications + YOLO_SET.bboxes);
      await expectConsistent(dl, datums);
      const a = bySource(datums).get('yolo/images/a.png')!;
      const labels = children(datums, a.id).filter((d) => !d.registryUri);
      const cat = labels.find((d) => (d.data as { label: string }).label === 'cat')!;
      const dog = labels.find((d) => (d.data as { label: string }).label === 'dog')!;
      expect(dog.data).toEqual({ type: 'classification', label: 'dog', confidence: 0.9 });
      expect(children(datums, cat.id)[0].data).toEqual({
        type: 'bbox',
        label: 'cat',
        x: 40,
        y: 15,
        width: 20,
        height: 20,
      });
      expect(children(datums, dog.id)[0].data).toEqual({
        type: 'bbox',
        label: 'dog',
        x: 20,
        y: 10,
        width: 10,
        height: 5,
        confidence: 0.9,
      });
      // The label and class files are read, not stored; c.png has no labels.
      expect(datums.some((d) => String(d.metadata.ingest_source).endsWith('.txt'))).toBe(false);
      expect(children(datums, bySource(datums).get('yolo/images/c.png')!.id)).toHaveLength(1);
    });

    it('reads a Pascal VOC folder', async () => {
      const dir = join(root, 'voc');
      await writeVocSet(dir);
      const run = await ingestPaths(dl, [dir], { target: target() });
      expect(run.result).toMatchObject({ written: 2, failed: 0, errorCount: 0 });
      const datums = await batchDatums(dl, run.batchId);
      expect(datums).toHaveLength(VOC_SET.images * 2 + VOC_SET.classifications + VOC_SET.bboxes);
      const street = bySource(datums).get('voc/JPEGImages/street.png')!;
      const car = children(datums, street.id).find((d) => !d.registryUri)!;
      expect(car.data).toEqual({ type: 'classification', label: 'car' });
      expect(children(datums, car.id).map((d) => d.data)).toEqual([
        { type: 'bbox', label: 'car', x: 10, y: 10, width: 30, height: 20 },
        { type: 'bbox', label: 'car', x: 45, y: 12, width: 25, height: 23 },
      ]);
    });

    it('adds files dropped onto a datum as its children', async () => {
      const [parent] = await dl.addData([{ data: { type: 'image', filename: 'parent.png' }, metadata: {} }]);
      const dir = join(root, 'onto');
      await writeManyImages(dir, 2, 'masks', 8);
      const run = await ingestPaths(dl, [join(dir, 'masks')], { target: target(), derivedFrom: parent.id });
      expect(run.result.written).toBe(2);
      const roots = (await batchDatums(dl, run.batchId)).filter((d) => !d.registryUri);
      expect(roots.map((d) => d.derivedFrom)).toEqual([parent.id, parent.id]);
      expect((await dl.getDirectlyDerivedData(parent.id)).sort()).toEqual(roots.map((d) => d.id).sort());
    });

    it('stops promptly on cancel, leaves what landed consistent, and a re-run completes the batch', async () => {
      const dir = join(root, 'many');
      // More files than the groups that start at once (4 groups of 128): the rest never start.
      await writeManyImages(dir, 600);
      const controller = new AbortController();
      const first = await ingestPaths(
        dl,
        [join(dir, 'photos')],
        { target: target() },
        {
          signal: controller.signal,
          onWritten: (sources) => {
            if (sources.length > 0) controller.abort();
          },
        },
      );
      expect(first.result.cancelled).toBe(true);
      expect(first.result.written).toBeGreaterThan(0);
      expect(first.result.written).toBeLessThan(600);
      const partial = await batchDatums(dl, first.batchId);
      await expectConsistent(dl, partial);
      // Every file reported as written is there with its bytes.
      const landed = bySource(partial);
      for (const s of first.written) expect(landed.has(s), s).toBe(true);

      const second = await ingestPaths(dl, [join(dir, 'photos')], { target: target() });
      expect(second.batchId).toBe(first.batchId);
      expect(second.result).toMatchObject({ resumed: true, failed: 0, cancelled: false });
      expect(second.result.written + second.result.skippedInBatch).toBe(600);
      const all = await batchDatums(dl, first.batchId);
      expect(all).toHaveLength(1200);
      await expectConsistent(dl, all);
      const filenames = all
        .filter((d) => !d.registryUri)
        .map((d) => (d.data as { filename: string }).filename);
      expect(new Set(filenames).size).toBe(600);
    });
  });
}

describeIngest('embedded', async () =>
  Datalake.open({ embeddedPath: join(await mkdtemp(join(tmpdir(), 'ingest-store-')), 'store') }),
);
describeIngest('mongodb', () => Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('ingest') }));

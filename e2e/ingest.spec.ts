/**
 * Drag-and-drop ingestion in the browser, through the web host (files streamed by POST /upload): COCO,
 * YOLO and VOC folders become images, labels and boxes with the right parents and the overview counts
 * change; the same drop again is skipped; bad files are listed while the rest lands; a cancelled drop is
 * consistent and a re-run completes it; files dropped onto a datum become its children.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CORRUPT_PNG,
  fixturePng,
  writeCocoSet,
  writeManyImages,
  writeVocSet,
  writeYoloSet,
} from '../src/main/services/ingest/test-fixtures';
import { expect, test } from './fixtures';
import { IngestPage } from './pages/ingest-page';
import { batchTruth, childrenOf } from './support/ingest-truth';

const label = (d: { data: unknown }) => (d.data as { label?: string } | null)?.label;

test.describe('ingestion by drag and drop', () => {
  let dir: string;
  test.beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'e2e-ingest-'));
  });

  test('a folder of images with a COCO file: images, labels and boxes under the right parents; the overview counts change', async ({
    app,
    host,
    overview,
  }) => {
    const ingest = new IngestPage(app.page);
    await expect(overview.emptyState).toBeVisible();
    await writeCocoSet(join(dir, 'coco'));

    await ingest.drop(join(dir, 'coco'));
    await ingest.waitForPlan();
    await expect(ingest.plan.getByTestId('ingest-plan-counts')).toContainText(
      '3 images · 1 annotation file (COCO)',
    );
    await expect(ingest.previewDatums).toHaveCount(3);
    await expect(ingest.previewDatums.first()).toContainText('"type": "image"');
    await expect(ingest.previewDatums.first()).toContainText('classification: cat');
    await expect(ingest.problems).toContainText('"not-here.png" is not in the drop');
    await ingest.start();
    const batchId = await ingest.finished();
    expect(await ingest.count('written')).toBe(3);
    expect(await ingest.count('failed')).toBe(0);
    expect(await ingest.count('datums')).toBe(14);
    await expect(ingest.errorItems()).toHaveCount(2);

    const truth = await batchTruth(host, batchId);
    expect(truth.problems).toEqual([]);
    expect(Object.fromEntries(truth.byType)).toEqual({
      image: 3,
      '(registry)': 3,
      classification: 4,
      bbox: 4,
    });
    const pair = truth.bySource.get('coco/images/pair.png')!;
    expect(pair.data).toMatchObject({
      type: 'image',
      filename: 'pair.png',
      width: 64,
      height: 40,
      format: 'PNG',
    });
    const under = childrenOf(truth, pair.id);
    expect(under.filter((d) => d.registryUri)).toHaveLength(1);
    const labels = under.filter((d) => !d.registryUri);
    expect(labels.map(label).sort()).toEqual(['cat', 'dog']);
    const dog = labels.find((d) => label(d) === 'dog')!;
    expect(childrenOf(truth, dog.id).map((d) => d.data)).toEqual([
      { type: 'bbox', label: 'dog', x: 30, y: 5, width: 20, height: 30 },
    ]);

    await expect(overview.typeRow('image')).toBeVisible();
    expect(await overview.typeCount('image')).toBe(3);
    expect(await overview.typeCount('bbox')).toBe(4);
    expect(await overview.typeCount('classification')).toBe(4);
  });

  test('a YOLO folder lands with boxes in pixels; dropping the same folder again skips everything', async ({
    app,
    host,
  }) => {
    const ingest = new IngestPage(app.page);
    await writeYoloSet(join(dir, 'yolo'));
    await ingest.drop(join(dir, 'yolo'));
    await ingest.waitForPlan();
    await expect(ingest.plan.getByTestId('ingest-plan-counts')).toContainText('(YOLO)');
    await ingest.start();
    const batchId = await ingest.finished();
    expect(await ingest.count('written')).toBe(3);
    const truth = await batchTruth(host, batchId);
    expect(truth.problems).toEqual([]);
    expect(Object.fromEntries(truth.byType)).toEqual({
      image: 3,
      '(registry)': 3,
      classification: 3,
      bbox: 3,
    });
    const a = truth.bySource.get('yolo/images/a.png')!;
    const cat = childrenOf(truth, a.id).find((d) => label(d) === 'cat')!;
    expect(childrenOf(truth, cat.id)[0].data).toEqual({
      type: 'bbox',
      label: 'cat',
      x: 40,
      y: 15,
      width: 20,
      height: 20,
    });

    await ingest.closeSummaries();
    await ingest.drop(join(dir, 'yolo'));
    await ingest.waitForPlan();
    await expect(app.page.getByTestId('ingest-status')).toContainText('holds 12 datums already');
    await ingest.start();
    expect(await ingest.finished()).toBe(batchId);
    expect(await ingest.count('written')).toBe(0);
    expect(await ingest.count('skipped')).toBe(3);
    await expect(ingest.job().getByTestId('ingest-skipped-why')).toHaveText('3 files already in this batch');
    expect((await batchTruth(host, batchId)).datums).toHaveLength(12);
  });

  test('a Pascal VOC folder lands with its boxes', async ({ app, host }) => {
    const ingest = new IngestPage(app.page);
    await writeVocSet(join(dir, 'voc'));
    await ingest.drop(join(dir, 'voc'));
    await ingest.waitForPlan();
    await expect(ingest.plan.getByTestId('ingest-plan-counts')).toContainText('(VOC)');
    await ingest.start();
    const truth = await batchTruth(host, await ingest.finished());
    expect(truth.problems).toEqual([]);
    expect(Object.fromEntries(truth.byType)).toEqual({
      image: 2,
      '(registry)': 2,
      classification: 2,
      bbox: 3,
    });
    const street = truth.bySource.get('voc/JPEGImages/street.png')!;
    const car = childrenOf(truth, street.id).find((d) => label(d) === 'car')!;
    expect(childrenOf(truth, car.id)).toHaveLength(2);
  });

  test('a corrupt image and an annotation for a missing image are listed as errors while the rest lands', async ({
    app,
    host,
  }) => {
    const ingest = new IngestPage(app.page);
    const set = join(dir, 'mixed');
    await writeCocoSet(set, 60);
    await writeFile(join(set, 'images', 'broken.png'), CORRUPT_PNG);
    await ingest.drop(set);
    await ingest.waitForPlan();
    await ingest.start();
    const batchId = await ingest.finished();
    expect(await ingest.count('written')).toBe(3);
    expect(await ingest.count('failed')).toBe(1);
    const errors = ingest.errorItems();
    await expect(errors).toHaveCount(3);
    await expect(errors.filter({ hasText: 'mixed/images/broken.png' })).toContainText(
      'is not a readable image',
    );
    await expect(errors.filter({ hasText: 'images[3]' })).toContainText('"not-here.png" is not in the drop');
    const truth = await batchTruth(host, batchId);
    expect(truth.problems).toEqual([]);
    expect(truth.bySource.has('mixed/images/broken.png')).toBe(false);
    expect(truth.byType.get('image')).toBe(3);
  });

  test('cancel midway: what landed is consistent, and dropping the same folder again completes it', async ({
    app,
    host,
  }) => {
    test.setTimeout(480_000);
    const ingest = new IngestPage(app.page);
    // Enough files that the job is still writing when the Cancel and its prompt are clicked: with grouped
    // registry writes 1,000 small images could all land in that time on a quiet machine.
    const count = 3000;
    await writeManyImages(dir, count, 'many', 16);
    await ingest.drop(join(dir, 'many'));
    await ingest.waitForPlan(150_000);
    await ingest.start();
    await expect(ingest.job().getByTestId('ingest-job-numbers')).toContainText(
      /^[1-9][\d,]* of 3,000 files/,
      {
        timeout: 60_000,
      },
    );
    await ingest.job().getByTestId('ingest-cancel').click();
    await app.page
      .getByTestId('ingest-cancel-prompt')
      .getByRole('button', { name: 'Stop ingestion' })
      .click();
    const batchId = await ingest.finished('cancelled');
    const written = await ingest.count('written');
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(count);
    const partial = await batchTruth(host, batchId);
    expect(partial.problems).toEqual([]);
    expect(partial.datums).toHaveLength(written * 2);

    await ingest.closeSummaries();
    await ingest.drop(join(dir, 'many'));
    await ingest.waitForPlan(150_000);
    await ingest.start();
    expect(await ingest.finished('succeeded', 180_000)).toBe(batchId);
    expect(await ingest.count('written')).toBe(count - written);
    const all = await batchTruth(host, batchId);
    expect(all.problems).toEqual([]);
    expect(all.datums).toHaveLength(count * 2);
  });

  test('files dropped onto a datum (summary, inspector, graph) become its children; "Add files…" opens the same dialog', async ({
    app,
    host,
  }) => {
    const ingest = new IngestPage(app.page);
    await mkdir(join(dir, 'parents'));
    await writeFile(join(dir, 'parents', 'scene.png'), fixturePng(20, 20, 901));
    await app.page.getByTestId('add-files-input').setInputFiles(join(dir, 'parents', 'scene.png'));
    await ingest.waitForPlan();
    await ingest.start();
    await ingest.finished();
    const root = ingest.job().getByTestId('ingest-root').first();
    await expect(root).toHaveText('scene.png');
    const parentId = (await root.getAttribute('data-drop-datum'))!;

    await mkdir(join(dir, 'masks'));
    const masks = [join(dir, 'masks', 'mask-1.png'), join(dir, 'masks', 'mask-2.png')];
    await writeFile(masks[0], fixturePng(20, 20, 902));
    await writeFile(masks[1], fixturePng(20, 20, 903));
    await ingest.drop(masks, root);
    await ingest.waitForPlan();
    await expect(ingest.dialog.getByRole('heading', { name: 'Add files as children' })).toBeVisible();
    await expect(app.page.getByTestId('ingest-what')).toContainText(parentId);
    await ingest.start();
    const truth = await batchTruth(host, await ingest.finished());
    const images = truth.datums.filter((d) => !d.registryUri);
    expect(images.map((d) => (d.data as { filename: string }).filename).sort()).toEqual([
      'mask-1.png',
      'mask-2.png',
    ]);
    expect(images.map((d) => d.derivedFrom)).toEqual([parentId, parentId]);

    // The inspector and the graph take drops too: a file dropped on the datum shown becomes its child.
    await ingest.closeSummaries();
    await app.page.evaluate((id) => {
      location.hash = `#/datum/${id}`;
    }, parentId);
    const inspector = app.page.locator(`[data-drop-datum="${parentId}"]`).first();
    await expect(inspector.locator('.inspector__title')).toBeVisible();
    await writeFile(join(dir, 'masks', 'mask-3.png'), fixturePng(20, 20, 904));
    await ingest.drop([join(dir, 'masks', 'mask-3.png')], inspector);
    await ingest.waitForPlan();
    await expect(app.page.getByTestId('ingest-what')).toContainText(parentId);
    await ingest.start();
    const third = await batchTruth(host, await ingest.finished());
    expect(third.datums.filter((d) => !d.registryUri).map((d) => d.derivedFrom)).toEqual([parentId]);

    await ingest.closeSummaries();
    await app.page.evaluate((id) => {
      location.hash = `#/graph/${id}`;
    }, parentId);
    const node = app.page.locator(`.gnode[data-datum-id="${parentId}"]`);
    await expect(node).toBeVisible({ timeout: 30_000 });
    await ingest.drop([join(dir, 'masks', 'mask-3.png')], node);
    await ingest.waitForPlan();
    await expect(app.page.getByTestId('ingest-what')).toContainText(parentId);
    await ingest.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(ingest.dialog).toBeHidden();
  });
});

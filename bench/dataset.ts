/**
 * The benchmark datalake of product.md: images, labels derived from most images (some with two labels of
 * different ages), bboxes derived from many labels. Scaled by `scale` (1 = 100k images, 150k labels,
 * 100k bboxes = 350k datums). Deterministic shape, so every store gets the same answer.
 */
import type { Datalake, NewDatum } from '../src/main/engine';

export interface DatasetShape {
  images: number;
  labels: number;
  bboxes: number;
}

export function shapeFor(scale: number): DatasetShape {
  return {
    images: Math.round(100_000 * scale),
    labels: Math.round(150_000 * scale),
    bboxes: Math.round(100_000 * scale),
  };
}

export const PROJECT = 'bench';
const CHUNK = 5000;

/** Inserts the dataset with bulk `addData` and returns the insert throughput (datums/s). */
export async function generate(
  dl: Datalake,
  shape: DatasetShape,
): Promise<{ seconds: number; perSecond: number }> {
  const t0 = performance.now();
  const images: string[] = [];
  for (let i = 0; i < shape.images; i += CHUNK) {
    const items: NewDatum[] = [];
    for (let j = i; j < Math.min(shape.images, i + CHUNK); j++) {
      items.push({
        data: { type: 'image', filename: `img_${j}.png`, width: 640, height: 480, size: 10_000 + (j % 5000) },
        metadata: { project: PROJECT, split: j % 10 === 0 ? 'val' : 'train', quality: (j % 100) / 100 },
      });
    }
    images.push(...(await dl.addData(items)).map((d) => d.id));
  }
  // 10% of images stay unlabelled; labels then cycle over the rest, so many images get two labels.
  const labelled = images.filter((_, i) => i % 10 !== 0);
  const labels: string[] = [];
  for (let i = 0; i < shape.labels; i += CHUNK) {
    const items: NewDatum[] = [];
    for (let j = i; j < Math.min(shape.labels, i + CHUNK); j++) {
      items.push({
        data: { type: 'classification', label: j % 3 === 0 ? 'cat' : 'dog', confidence: (j % 97) / 97 },
        metadata: { model: j < labelled.length ? 'v1' : 'v2' },
        derivedFrom: labelled[j % labelled.length],
      });
    }
    labels.push(...(await dl.addData(items)).map((d) => d.id));
  }
  // Bboxes on two labels in three, cycling, so some labels have none and some have two.
  const boxed = labels.filter((_, i) => i % 3 !== 2);
  for (let i = 0; i < shape.bboxes; i += CHUNK) {
    const items: NewDatum[] = [];
    for (let j = i; j < Math.min(shape.bboxes, i + CHUNK); j++) {
      items.push({
        data: { type: 'bbox', x: j % 600, y: j % 400, width: 40, height: 30 },
        metadata: { model: 'det-v1' },
        derivedFrom: boxed[j % boxed.length],
      });
    }
    await dl.addData(items);
  }
  const seconds = (performance.now() - t0) / 1000;
  const total = shape.images + shape.labels + shape.bboxes;
  return { seconds, perSecond: total / seconds };
}

export const BASE = { 'metadata.project': PROJECT, 'data.type': 'image', column: 'image_id' };
export const LBL = (strategy = 'latest') => ({
  derived_from: 'image_id',
  'data.type': 'classification',
  column: 'label_id',
  strategy,
});
export const BOX = (strategy = 'latest') => ({
  derived_from: 'label_id',
  'data.type': 'bbox',
  column: 'bbox_id',
  strategy,
});

export const QUERIES = {
  'three levels': { query: [BASE, LBL(), BOX()], datumsWanted: undefined as number | undefined },
  'three levels, datumsWanted 100': { query: [BASE, LBL(), BOX()], datumsWanted: 100 },
  'three levels, missing bbox': {
    query: [BASE, LBL(), BOX('missing')],
    datumsWanted: undefined as number | undefined,
  },
};

/**
 * Drop folders for the ingestion tests (unit, crash, browser) and the benchmark: real PNG files of
 * distinct content, and COCO / YOLO / VOC annotation files for them, with the mistakes users make (an
 * annotation for an image that is not there, a corrupt image). `expected` says what each set must give.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tinyPng } from '../../engine/images/png-encode';

export interface FixtureImage {
  /** Path inside the set's folder. */
  path: string;
  width: number;
  height: number;
}

/** A PNG whose pixels depend on `seed`, so every fixture image has its own sha256. */
export function fixturePng(width: number, height: number, seed: number): Buffer {
  return tinyPng(width, height, (x, y) =>
    // The first pixel spells the seed out, so no two seeds give the same bytes.
    x === 0 && y === 0
      ? [seed & 255, (seed >> 8) & 255, (seed >> 16) & 255]
      : [(seed * 37 + x * 5) % 256, (seed * 91 + y * 3) % 256, (seed * 13) % 256],
  );
}

async function put(root: string, path: string, body: string | Buffer): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), body);
}

async function writeImages(root: string, images: FixtureImage[], seedBase: number): Promise<void> {
  for (const [i, img] of images.entries())
    await put(root, img.path, fixturePng(img.width, img.height, seedBase + i));
}

/**
 * A COCO set: three images and an annotation file that also names an image not in the folder and has an
 * annotation for an image id it does not list. Gives 3 images, 4 classifications (cat on two images, a
 * cat and a dog on the third), 4 boxes, and 2 problems.
 */
export async function writeCocoSet(root: string, seedBase = 1): Promise<void> {
  const images: FixtureImage[] = [
    { path: 'images/cat-1.png', width: 40, height: 30 },
    { path: 'images/cat-2.png', width: 48, height: 32 },
    { path: 'images/pair.png', width: 64, height: 40 },
  ];
  await writeImages(root, images, seedBase);
  const coco = {
    info: { description: 'fixture' },
    images: [
      { id: 1, file_name: 'cat-1.png', width: 40, height: 30 },
      { id: 2, file_name: 'cat-2.png', width: 48, height: 32 },
      { id: 3, file_name: 'pair.png', width: 64, height: 40 },
      { id: 4, file_name: 'not-here.png', width: 10, height: 10 },
    ],
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
    ],
    annotations: [
      { id: 101, image_id: 1, category_id: 1, bbox: [2, 3, 20, 15] },
      { id: 102, image_id: 2, category_id: 1, bbox: [4, 4, 30, 20], score: 0.8 },
      { id: 103, image_id: 3, category_id: 1, bbox: [1, 1, 10, 10] },
      { id: 104, image_id: 3, category_id: 2, bbox: [30, 5, 20, 30] },
      { id: 105, image_id: 4, category_id: 2, bbox: [0, 0, 5, 5] },
      { id: 106, image_id: 9, category_id: 2, bbox: [0, 0, 5, 5] },
    ],
  };
  await put(root, 'annotations/instances.json', JSON.stringify(coco, null, 2));
}

export const COCO_SET = { images: 3, classifications: 4, bboxes: 4, problems: 2 } as const;

/**
 * A YOLO set: images/ and labels/ side by side and classes.txt. Gives 2 images, 3 classifications
 * (a.png: cat, dog; b.png: cat), 3 boxes; c.png has no label file.
 */
export async function writeYoloSet(root: string, seedBase = 20): Promise<void> {
  await writeImages(
    root,
    [
      { path: 'images/a.png', width: 100, height: 50 },
      { path: 'images/b.png', width: 20, height: 20 },
      { path: 'images/c.png', width: 10, height: 10 },
    ],
    seedBase,
  );
  await put(root, 'classes.txt', 'cat\ndog\n');
  await put(root, 'labels/a.txt', '0 0.5 0.5 0.2 0.4\n1 0.25 0.25 0.1 0.1 0.9\n');
  await put(root, 'labels/b.txt', '0 0.5 0.5 1 1\n');
}

export const YOLO_SET = { images: 3, classifications: 3, bboxes: 3, problems: 0 } as const;

/** A VOC set: JPEGImages/ and Annotations/. Gives 2 images, 2 classifications, 3 boxes. */
export async function writeVocSet(root: string, seedBase = 40): Promise<void> {
  await writeImages(
    root,
    [
      { path: 'JPEGImages/street.png', width: 80, height: 60 },
      { path: 'JPEGImages/park.png', width: 60, height: 60 },
    ],
    seedBase,
  );
  const voc = (file: string, objects: Array<[string, number, number, number, number]>) =>
    `<?xml version="1.0"?>\n<annotation>\n  <folder>JPEGImages</folder>\n  <filename>${file}</filename>\n${objects
      .map(
        ([name, x1, y1, x2, y2]) =>
          `  <object>\n    <name>${name}</name>\n    <bndbox><xmin>${x1}</xmin><ymin>${y1}</ymin><xmax>${x2}</xmax><ymax>${y2}</ymax></bndbox>\n  </object>\n`,
      )
      .join('')}</annotation>\n`;
  await put(
    root,
    'Annotations/street.xml',
    voc('street.png', [
      ['car', 10, 10, 40, 30],
      ['car', 45, 12, 70, 35],
    ]),
  );
  await put(root, 'Annotations/park.xml', voc('park.png', [['dog', 5, 5, 25, 30]]));
}

export const VOC_SET = { images: 2, classifications: 2, bboxes: 3, problems: 0 } as const;

/** A PNG signature followed by bytes that are no header: a corrupt image. */
export const CORRUPT_PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('this is not an IHDR chunk at all'),
]);

/**
 * `count` small distinct PNGs under `root/<folder>` (the benchmark's and the crash test's drops). Sets
 * written with different `seedBase`s share no bytes (no duplicates between them).
 */
export async function writeManyImages(
  root: string,
  count: number,
  folder = 'photos',
  size = 32,
  seedBase = 100_000,
): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = `${folder}/img-${String(i).padStart(6, '0')}.png`;
    await put(root, path, fixturePng(size, size, seedBase + i));
    paths.push(path);
  }
  return paths;
}

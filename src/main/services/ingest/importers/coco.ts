/**
 * COCO JSON (instances or detection results inside an `images`/`annotations` file): each annotation
 * becomes an object of its image, with its category's name and its `bbox` ([x, y, width, height] in
 * pixels) and `score` when given. Annotations that name no listed image, or an unknown category, and
 * malformed boxes are reported with their path in the file, not dropped silently.
 */
import {
  type AnnotatedObject,
  AnnotationFileError,
  type AnnotationProblem,
  type ImageAnnotations,
  type ParsedAnnotations,
  parseJsonText,
} from './types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isId = (v: unknown): v is number | string =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== '');

/** True for a parsed JSON value shaped like a COCO file (`images` and `annotations` lists). */
export function looksLikeCoco(value: unknown): boolean {
  return isObject(value) && Array.isArray(value.images) && Array.isArray(value.annotations);
}

export function parseCoco(text: string, file: string): ParsedAnnotations {
  return parseCocoValue(parseJsonText(text, file), file);
}

export function parseCocoValue(value: unknown, file: string): ParsedAnnotations {
  if (!looksLikeCoco(value)) {
    throw new AnnotationFileError(
      file,
      `${file} is not a COCO file: it needs "images" and "annotations" lists`,
    );
  }
  const coco = value as { images: unknown[]; annotations: unknown[]; categories?: unknown };
  const problems: AnnotationProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ item: `${file}#${path}`, message });

  const categories = new Map<string, string>();
  if (coco.categories !== undefined && !Array.isArray(coco.categories)) {
    problem('categories', 'categories must be a list of {id, name}');
  }
  for (const [i, c] of (Array.isArray(coco.categories) ? coco.categories : []).entries()) {
    if (!isObject(c) || !isId(c.id) || typeof c.name !== 'string' || c.name === '') {
      problem(`categories[${i}]`, 'a category needs an id and a non-empty name');
      continue;
    }
    categories.set(String(c.id), c.name);
  }

  const images = new Map<string, ImageAnnotations>();
  for (const [i, img] of coco.images.entries()) {
    if (!isObject(img) || !isId(img.id) || typeof img.file_name !== 'string' || img.file_name === '') {
      problem(`images[${i}]`, 'an image needs an id and a file_name');
      continue;
    }
    const id = String(img.id);
    if (images.has(id)) {
      problem(`images[${i}]`, `image id ${id} is listed twice; the first one is used`);
      continue;
    }
    images.set(id, { imageName: img.file_name, where: `${file}#images[${i}]`, objects: [] });
  }

  for (const [i, ann] of coco.annotations.entries()) {
    const path = `annotations[${i}]`;
    if (!isObject(ann)) {
      problem(path, 'an annotation must be an object');
      continue;
    }
    const image = isId(ann.image_id) ? images.get(String(ann.image_id)) : undefined;
    if (!image) {
      problem(
        `${path}.image_id`,
        `annotation ${describeId(ann.id, i)} refers to image_id ${JSON.stringify(ann.image_id ?? null)}, which is not among the images of ${file}`,
      );
      continue;
    }
    const label = isId(ann.category_id) ? categories.get(String(ann.category_id)) : undefined;
    if (label === undefined) {
      problem(
        `${path}.category_id`,
        `annotation ${describeId(ann.id, i)} has category_id ${JSON.stringify(ann.category_id ?? null)}, which is not among the categories`,
      );
      continue;
    }
    const object: AnnotatedObject = { key: path, label };
    if (ann.bbox !== undefined) {
      const box = ann.bbox;
      if (
        !Array.isArray(box) ||
        box.length !== 4 ||
        !box.every((n) => typeof n === 'number' && Number.isFinite(n)) ||
        box[2] < 0 ||
        box[3] < 0
      ) {
        problem(
          `${path}.bbox`,
          `bbox must be [x, y, width, height] with a non-negative size, got ${JSON.stringify(box)}`,
        );
        continue;
      }
      object.box = { x: box[0], y: box[1], width: box[2], height: box[3] };
    }
    if (ann.score !== undefined) {
      if (typeof ann.score !== 'number' || !Number.isFinite(ann.score)) {
        problem(`${path}.score`, `score must be a number, got ${JSON.stringify(ann.score)}`);
        continue;
      }
      object.confidence = ann.score;
    }
    image.objects.push(object);
  }
  return { format: 'coco', file, images: [...images.values()], problems };
}

function describeId(id: unknown, index: number): string {
  return isId(id) ? String(id) : `#${index}`;
}

import { describe, expect, it } from 'vitest';
import { looksLikeCoco, parseCoco } from './coco';
import { AnnotationFileError } from './types';

const coco = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    images: [
      { id: 1, file_name: 'a.png', width: 64, height: 48 },
      { id: 2, file_name: 'train/b.jpg' },
    ],
    categories: [
      { id: 7, name: 'cat' },
      { id: 8, name: 'dog' },
    ],
    annotations: [
      { id: 10, image_id: 1, category_id: 7, bbox: [1.5, 2, 10, 20] },
      { id: 11, image_id: 1, category_id: 8, bbox: [3, 4, 5, 6], score: 0.75 },
      { id: 12, image_id: 2, category_id: 7 },
    ],
    ...extra,
  });

describe('COCO importer', () => {
  it('gives each image its objects with category names, pixel boxes and scores', () => {
    const parsed = parseCoco(coco(), 'ann/coco.json');
    expect(parsed.format).toBe('coco');
    expect(parsed.problems).toEqual([]);
    expect(parsed.images).toEqual([
      {
        imageName: 'a.png',
        where: 'ann/coco.json#images[0]',
        objects: [
          { key: 'annotations[0]', label: 'cat', box: { x: 1.5, y: 2, width: 10, height: 20 } },
          { key: 'annotations[1]', label: 'dog', box: { x: 3, y: 4, width: 5, height: 6 }, confidence: 0.75 },
        ],
      },
      {
        imageName: 'train/b.jpg',
        where: 'ann/coco.json#images[1]',
        objects: [{ key: 'annotations[2]', label: 'cat' }],
      },
    ]);
  });

  it('reports annotations for unknown images, unknown categories and malformed boxes by their path', () => {
    const text = coco({
      annotations: [
        { id: 20, image_id: 99, category_id: 7, bbox: [0, 0, 1, 1] },
        { id: 21, image_id: 1, category_id: 3, bbox: [0, 0, 1, 1] },
        { id: 22, image_id: 1, category_id: 7, bbox: [0, 0, -1, 1] },
        { id: 23, image_id: 2, category_id: 8, bbox: [0, 0, 2, 2] },
      ],
    });
    const parsed = parseCoco(text, 'c.json');
    expect(parsed.problems.map((p) => p.item)).toEqual([
      'c.json#annotations[0].image_id',
      'c.json#annotations[1].category_id',
      'c.json#annotations[2].bbox',
    ]);
    expect(parsed.problems[0].message).toMatch(
      /annotation 20 refers to image_id 99, which is not among the images/,
    );
    expect(parsed.images[1].objects).toHaveLength(1);
    expect(parsed.images[0].objects).toHaveLength(0);
  });

  it('names the line and column of a JSON syntax error', () => {
    const broken = '{\n  "images": [],\n  "annotations": [ {"id": 1,, } ]\n}';
    try {
      parseCoco(broken, 'bad.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AnnotationFileError);
      expect((err as AnnotationFileError).item).toBe('bad.json:3:29');
      expect((err as Error).message).toMatch(/bad\.json is not valid JSON \(line 3, column 29\)/);
    }
  });

  it('tells COCO files from other JSON', () => {
    expect(looksLikeCoco(JSON.parse(coco()))).toBe(true);
    expect(looksLikeCoco({ images: [] })).toBe(false);
    expect(looksLikeCoco([{ images: [], annotations: [] }])).toBe(false);
    expect(() => parseCoco('{"rows": []}', 'r.json')).toThrow(/r\.json is not a COCO file/);
  });
});

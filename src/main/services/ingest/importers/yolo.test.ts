import { describe, expect, it } from 'vitest';
import { AnnotationFileError } from './types';
import { looksLikeYoloLabels, parseYoloDatasetYaml, parseYoloLabels, parseYoloNames } from './yolo';

describe('YOLO importer', () => {
  it('reads label lines as relative boxes with class names and optional confidence', () => {
    const text = '0 0.5 0.5 0.25 0.5\n\n1 0.1 0.2 0.2 0.2 0.9\n';
    const { objects, problems } = parseYoloLabels(text, 'labels/a.txt', ['cat', 'dog']);
    expect(problems).toEqual([]);
    expect(objects).toEqual([
      { key: 'line 1', label: 'cat', box: { x: 0.375, y: 0.25, width: 0.25, height: 0.5 }, relative: true },
      {
        key: 'line 3',
        label: 'dog',
        box: { x: 0, y: expect.closeTo(0.1, 9), width: 0.2, height: 0.2 },
        relative: true,
        confidence: 0.9,
      },
    ]);
  });

  it('reports bad lines, unnamed classes and coordinates outside the image with their line', () => {
    const text = '0 0.5 0.5 0.2 0.2\n5 0.5 0.5 0.1 0.1\n0 1.5 0.5 0.1 0.1\nhello\n';
    const { objects, problems } = parseYoloLabels(text, 'l.txt', ['cat']);
    expect(objects).toHaveLength(1);
    expect(problems.map((p) => p.item)).toEqual(['l.txt:2', 'l.txt:3', 'l.txt:4']);
    expect(problems[0].message).toMatch(/class 5 has no name/);
    expect(problems[1].message).toMatch(/between 0 and 1/);
    expect(problems[2].message).toMatch(/is not "class x_center/);
  });

  it('uses class numbers as labels when the drop has no class-names file', () => {
    expect(parseYoloLabels('3 0.5 0.5 0.1 0.1', 'l.txt', null).objects[0].label).toBe('3');
  });

  it('reads class names from names files and dataset YAML (list or map)', () => {
    expect(parseYoloNames('cat\r\n\ndog\n')).toEqual(['cat', 'dog']);
    expect(parseYoloDatasetYaml('path: x\nnames: [cat, dog]\n', 'data.yaml')).toEqual(['cat', 'dog']);
    expect(parseYoloDatasetYaml('names:\n  0: cat\n  1: dog\n', 'data.yaml')).toEqual(['cat', 'dog']);
    expect(parseYoloDatasetYaml('train: images\n', 'data.yaml')).toBeNull();
    expect(() => parseYoloDatasetYaml('names: [cat\n  dog: :\n', 'data.yaml')).toThrow(AnnotationFileError);
  });

  it('recognises label files by their lines', () => {
    expect(looksLikeYoloLabels('0 0.5 0.5 0.1 0.1\n1 .2 .3 .1 .1 0.5\n')).toBe(true);
    expect(looksLikeYoloLabels('')).toBe(true);
    expect(looksLikeYoloLabels('shopping list\n')).toBe(false);
    expect(looksLikeYoloLabels('0 0.5 0.5\n')).toBe(false);
  });
});

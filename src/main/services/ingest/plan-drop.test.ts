/**
 * Planning a drop from file names and the text of annotation candidates (no disk): what becomes an
 * image, a file, records or annotations, how annotations find their images, and what is reported.
 */
import { describe, expect, it } from 'vitest';
import { ingestModeSchema } from '#shared/contract';
import type { FileEntry } from './file-kinds';
import { planDrop } from './plan-drop';

const MODE = ingestModeSchema.parse({});

function drop(files: Record<string, string>) {
  const entries: FileEntry[] = Object.entries(files).map(([relPath, text]) => ({
    relPath,
    absPath: `/nowhere/${relPath}`,
    size: Buffer.byteLength(text),
    mtimeMs: 1,
  }));
  const read = async (e: FileEntry) => {
    if (!(e.relPath in files)) throw new Error('no such file');
    return files[e.relPath];
  };
  return { entries, read };
}

const coco = (names: string[]) =>
  JSON.stringify({
    images: names.map((file_name, i) => ({ id: i + 1, file_name })),
    categories: [{ id: 1, name: 'cat' }],
    annotations: names.map((_, i) => ({ image_id: i + 1, category_id: 1, bbox: [0, 0, 1, 1] })),
  });

describe('planDrop', () => {
  it('sorts files into images, other files, records, annotation files and clutter', async () => {
    const { entries, read } = drop({
      'd/b.png': '',
      'd/a.jpg': '',
      'd/notes.txt': 'buy milk',
      'd/rows.jsonl': '{}',
      'd/config.json': '{"lr": 0.1}',
      'd/coco.json': coco(['a.jpg']),
      'd/.DS_Store': '',
      'd/.git/config': '',
      'd/Thumbs.db': '',
      'd/__MACOSX/a.jpg': '',
    });
    const plan = await planDrop(entries, MODE, read);
    expect(plan.files.map((f) => [f.entry.relPath, f.kind])).toEqual([
      ['d/a.jpg', 'image'],
      ['d/b.png', 'image'],
      ['d/notes.txt', 'file'],
    ]);
    expect(plan.recordFiles.map((e) => e.relPath)).toEqual(['d/config.json', 'd/rows.jsonl']);
    expect(plan.annotationFiles.map((e) => e.relPath)).toEqual(['d/coco.json']);
    expect(plan.ignored.map((e) => e.relPath).sort()).toEqual([
      'd/.DS_Store',
      'd/.git/config',
      'd/Thumbs.db',
      'd/__MACOSX/a.jpg',
    ]);
    expect(plan.files[0].annotations).toEqual([
      {
        format: 'coco',
        file: 'd/coco.json',
        objects: [{ key: 'annotations[0]', label: 'cat', box: { x: 0, y: 0, width: 1, height: 1 } }],
      },
    ]);
    expect(plan.formats).toEqual(['coco']);
    expect(plan.problems).toEqual([]);
  });

  it('matches a COCO name to the nearest image and reports names that fit several equally', async () => {
    const { entries, read } = drop({
      'set/train/x.png': '',
      'set/val/x.png': '',
      'set/train/ann.json': coco(['x.png']),
      'set/other.json': coco(['x.png']),
    });
    const plan = await planDrop(entries, MODE, read);
    const train = plan.files.find((f) => f.entry.relPath === 'set/train/x.png')!;
    expect(train.annotations.map((a) => a.file)).toEqual(['set/train/ann.json']);
    expect(plan.problems).toEqual([
      {
        item: 'set/other.json#images[0]',
        message: expect.stringMatching(
          /"x\.png" matches several dropped images \(set\/train\/x\.png, set\/val\/x\.png\) \(1 annotation not imported\)/,
        ),
      },
    ]);
  });

  it('pairs YOLO labels with images beside them and names missing images and class names', async () => {
    const { entries, read } = drop({
      'y/train/images/a.png': '',
      'y/train/labels/a.txt': '0 0.5 0.5 0.1 0.1',
      'y/train/labels/ghost.txt': '0 0.5 0.5 0.1 0.1',
      'y/val/images/a.png': '',
      'y/val/labels/a.txt': '1 0.5 0.5 0.1 0.1',
    });
    const plan = await planDrop(entries, MODE, read);
    const byPath = new Map(plan.files.map((f) => [f.entry.relPath, f]));
    expect(byPath.get('y/train/images/a.png')!.annotations[0]).toMatchObject({
      format: 'yolo',
      file: 'y/train/labels/a.txt',
    });
    expect(byPath.get('y/val/images/a.png')!.annotations[0].objects[0].label).toBe('1');
    expect(plan.problems.map((p) => p.item)).toEqual([
      'y/train/labels',
      'y/val/labels',
      'y/train/labels/ghost.txt',
    ]);
    expect(plan.problems[0].message).toMatch(/No class-names file .* labels are class numbers/);
    expect(plan.problems[2].message).toMatch(/The image for ghost\.txt is not in the drop/);
    expect(plan.annotationFiles).toHaveLength(3);
  });

  it('reads class names from the nearest names file or dataset YAML', async () => {
    const { entries, read } = drop({
      'y/data.yaml': 'names: [person, bike]\n',
      'y/images/a.png': '',
      'y/labels/a.txt': '1 0.5 0.5 0.1 0.1',
    });
    const plan = await planDrop(entries, MODE, read);
    expect(plan.files[0].annotations[0].objects[0].label).toBe('bike');
    expect(plan.problems).toEqual([]);
  });

  it('keeps a plain .txt or XML as a file, and reports a malformed JSON file with its line', async () => {
    const { entries, read } = drop({
      'k/readme.txt': 'hello\nworld',
      'k/page.xml': '<html></html>',
      'k/broken.json': '{\n "images": [,]\n}',
    });
    const plan = await planDrop(entries, MODE, read);
    expect(plan.files.map((f) => f.entry.relPath)).toEqual(['k/page.xml', 'k/readme.txt']);
    expect(plan.problems).toEqual([
      { item: 'k/broken.json:2:13', message: expect.stringMatching(/not valid JSON \(line 2, column 13\)/) },
    ]);
  });

  it('takes annotation files as plain files when annotations are turned off', async () => {
    const { entries, read } = drop({
      'o/a.png': '',
      'o/coco.json': coco(['a.png']),
      'o/a.txt': '0 0.5 0.5 0.1 0.1',
    });
    const plan = await planDrop(entries, { ...MODE, annotations: false, json: 'file' }, read);
    expect(plan.files.map((f) => f.entry.relPath)).toEqual(['o/a.png', 'o/a.txt', 'o/coco.json']);
    expect(plan.files.every((f) => f.annotations.length === 0)).toBe(true);
    expect(plan.annotationFiles).toEqual([]);
  });
});

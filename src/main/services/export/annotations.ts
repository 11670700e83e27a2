/**
 * Annotations beside a dataset's pictures, from each row's image and bbox datums: COCO (one
 * `annotations.coco.json`, boxes `[x, y, width, height]` in pixels) or YOLO (`labels/<image id>.txt` with
 * `class cx cy w h` relative to the picture, `classes.txt`, and `data.yaml` naming them). A bbox datum holds
 * `{label, x, y, width, height, confidence?}` in pixels, as the sample dataset and the importers write them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AnnotationRow {
  imageId: string;
  /** The picture's path in the dataset folder. */
  file: string;
  width: number;
  height: number;
  box: { id: string; data: unknown } | null;
}

interface Box {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  confidence?: number;
}

function asBox(data: unknown): Box | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const n = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const width = d.width ?? d.w;
  const height = d.height ?? d.h;
  if (!n(d.x) || !n(d.y) || !n(width) || !n(height)) return null;
  const label = typeof d.label === 'string' ? d.label : typeof d.class === 'string' ? d.class : 'object';
  return {
    label,
    x: d.x as number,
    y: d.y as number,
    width: width as number,
    height: height as number,
    ...(n(d.confidence) ? { confidence: d.confidence as number } : {}),
  };
}

export async function writeAnnotations(
  folder: string,
  format: 'coco' | 'yolo',
  rows: AnnotationRow[],
): Promise<void> {
  const images = new Map<string, AnnotationRow>();
  const boxes = new Map<string, Array<Box & { id: string }>>();
  for (const row of rows) {
    images.set(row.imageId, row);
    const box = row.box && asBox(row.box.data);
    if (!box) continue;
    const list = boxes.get(row.imageId) ?? [];
    if (!list.some((b) => b.id === row.box!.id)) list.push({ ...box, id: row.box!.id });
    boxes.set(row.imageId, list);
  }
  const names = [...new Set([...boxes.values()].flat().map((b) => b.label))].sort();
  const classOf = new Map(names.map((name, i) => [name, i]));
  if (format === 'coco') {
    const imageIds = [...images.keys()];
    const number = new Map(imageIds.map((id, i) => [id, i + 1]));
    let annotationId = 0;
    const coco = {
      info: { description: 'Exported from Datalake Browser', date_created: new Date().toISOString() },
      images: imageIds.map((id) => {
        const img = images.get(id)!;
        return {
          id: number.get(id),
          file_name: img.file,
          width: img.width,
          height: img.height,
          datum_id: id,
        };
      }),
      annotations: imageIds.flatMap((id) =>
        (boxes.get(id) ?? []).map((b) => ({
          id: ++annotationId,
          image_id: number.get(id),
          category_id: classOf.get(b.label)! + 1,
          bbox: [b.x, b.y, b.width, b.height],
          area: b.width * b.height,
          iscrowd: 0,
          ...(b.confidence !== undefined ? { score: b.confidence } : {}),
          datum_id: b.id,
        })),
      ),
      categories: names.map((name, i) => ({ id: i + 1, name })),
    };
    await writeFile(join(folder, 'annotations.coco.json'), `${JSON.stringify(coco, null, 2)}\n`);
    return;
  }
  await mkdir(join(folder, 'labels'), { recursive: true });
  const f = (v: number) => Number(v.toFixed(6)).toString();
  for (const [id, img] of images) {
    const lines = (boxes.get(id) ?? []).map((b) =>
      [
        classOf.get(b.label),
        f((b.x + b.width / 2) / img.width),
        f((b.y + b.height / 2) / img.height),
        f(b.width / img.width),
        f(b.height / img.height),
      ].join(' '),
    );
    await writeFile(join(folder, 'labels', `${id}.txt`), lines.length ? `${lines.join('\n')}\n` : '');
  }
  await writeFile(join(folder, 'classes.txt'), names.length ? `${names.join('\n')}\n` : '');
  const yaml = [
    `path: .`,
    `train: images`,
    `val: images`,
    `names:`,
    ...names.map((n, i) => `  ${i}: ${JSON.stringify(n)}`),
  ].join('\n');
  await writeFile(join(folder, 'data.yaml'), `${yaml}\n`);
}

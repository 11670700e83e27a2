/**
 * Finds the dropped image an annotation names: by its path (`train/a.jpg` ending a dropped path), then its
 * file name, then (YOLO) its stem. When several dropped images fit, the one nearest the annotation file
 * in the folder tree wins (`labels/x.txt` ↔ `images/x.jpg` beside it); a tie is reported as ambiguous.
 */
import { baseName, dirName, type FileEntry, stem } from './file-kinds';

export type ImageMatch = { entry: FileEntry } | { missing: true } | { ambiguous: FileEntry[] };

export class ImageIndex {
  private readonly byName = new Map<string, FileEntry[]>();
  private readonly byLowerName = new Map<string, FileEntry[]>();
  private readonly byStem = new Map<string, FileEntry[]>();

  constructor(private readonly images: FileEntry[]) {
    const add = (map: Map<string, FileEntry[]>, key: string, e: FileEntry) =>
      map.set(key, [...(map.get(key) ?? []), e]);
    for (const e of images) {
      add(this.byName, baseName(e.relPath), e);
      add(this.byLowerName, baseName(e.relPath).toLowerCase(), e);
      add(this.byStem, stem(e.relPath), e);
    }
  }

  /** The image a COCO `file_name` or VOC `<filename>` names, seen from the annotation file `from`. */
  byFileName(name: string, from: string): ImageMatch {
    const clean = name.replaceAll('\\', '/').replace(/^(\.\/|\/)+/, '');
    let candidates = clean.includes('/')
      ? this.images.filter((e) => e.relPath === clean || e.relPath.endsWith(`/${clean}`))
      : [];
    if (candidates.length === 0) candidates = this.byName.get(baseName(clean)) ?? [];
    if (candidates.length === 0) candidates = this.byLowerName.get(baseName(clean).toLowerCase()) ?? [];
    return nearest(candidates, dirName(from));
  }

  /** The image of a YOLO label file (`train/labels/a.txt` → `train/images/a.jpg`, else any `a.*`). */
  byLabelFile(labelFile: string): ImageMatch {
    const candidates = this.byStem.get(stem(labelFile)) ?? [];
    const dir = dirName(labelFile);
    const twin = dir
      .split('/')
      .map((p) => (p === 'labels' ? 'images' : p))
      .join('/');
    const sibling = candidates.filter((e) => dirName(e.relPath) === twin);
    if (sibling.length === 1) return { entry: sibling[0] };
    return nearest(candidates, dir);
  }
}

function nearest(candidates: FileEntry[], dir: string): ImageMatch {
  if (candidates.length === 0) return { missing: true };
  if (candidates.length === 1) return { entry: candidates[0] };
  const from = dir === '' ? [] : dir.split('/');
  const shared = (e: FileEntry) => {
    const parts = dirName(e.relPath).split('/');
    let n = 0;
    while (n < from.length && n < parts.length && from[n] === parts[n]) n++;
    return n;
  };
  const best = Math.max(...candidates.map(shared));
  const top = candidates.filter((e) => shared(e) === best);
  return top.length === 1 ? { entry: top[0] } : { ambiguous: top };
}

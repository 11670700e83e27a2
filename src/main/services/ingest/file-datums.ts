/**
 * The datums one dropped file becomes, in insert order (parents first):
 *   image datum {type: "image", filename, width, height, format, size, sha256}  (or a file datum
 *   {type: "file", filename, size, sha256, mime})
 *     └ its bytes, a registry datum (metadata.role "image-file" / "file"), as the sample dataset stores them
 *     └ one classification per class an annotation file gives the image {type, label, confidence?}
 *         └ one bbox per box of that class {type, label, x, y, width, height, confidence?} (pixels)
 * Every datum carries `metadata.ingest_batch` and `metadata.ingest_source` (the file, and the place in
 * the annotation file), so a re-run skips what landed and re-links the rest to the datums already there.
 */
import { InvalidInputError } from '#shared/errors';
import { type NewDatum, newDatumId } from '../../engine';
import type { Landed } from './batch';
import type { FileFacts } from './file-facts';
import { baseName, mimeType } from './file-kinds';
import { type AnnotatedObject, round3 } from './importers/types';
import type { PlannedFile } from './plan-drop';

export interface BatchContext {
  batchId: string;
  registryUri: string;
  derivedFrom: string | null;
  /** The template's metadata (project, tags, fields). */
  template: Record<string, unknown>;
}

export interface FileDatums {
  /** The datums still to write (empty when everything of this file is in the batch already). */
  items: NewDatum[];
  /** Their sources, in the same order. */
  sources: string[];
  /** The file's top datum (written now or found in the batch). */
  rootId: string;
  /** The file's top datum is written by these items (not found in the batch). */
  newRoot: boolean;
}

/** True when every datum of the file is in the batch already (no need to read the file at all). */
export function fileComplete(file: PlannedFile, landed: Map<string, unknown>): boolean {
  const rel = file.entry.relPath;
  if (!landed.has(rel) || !landed.has(payloadSource(rel))) return false;
  for (const set of file.annotations) {
    for (const label of labelsOf(set.objects))
      if (!landed.has(labelSource(set.file, rel, label))) return false;
    for (const o of set.objects) if (o.box && !landed.has(`${set.file}#${o.key}`)) return false;
  }
  return true;
}

export const payloadSource = (rel: string) => `${rel}#payload`;
const labelSource = (annotationFile: string, rel: string, label: string) =>
  `${annotationFile}#${rel}|${label}`;

function labelsOf(objects: AnnotatedObject[]): string[] {
  return [...new Set(objects.map((o) => o.label))];
}

/** The image or file datum's data, from the facts read off the file. */
export function describeFile(file: PlannedFile, facts: FileFacts): Record<string, unknown> {
  const filename = baseName(file.entry.relPath);
  if (file.kind === 'file') {
    return { type: 'file', filename, size: facts.size, sha256: facts.sha256, mime: mimeType(filename) };
  }
  if (!facts.header) {
    throw new InvalidInputError(
      `${file.entry.relPath} is not a readable image: it has no valid PNG, JPEG, GIF, BMP, WEBP or TIFF header`,
      { file: file.entry.relPath },
    );
  }
  const { width, height, format } = facts.header;
  return { type: 'image', filename, width, height, format, size: facts.size, sha256: facts.sha256 };
}

/**
 * The datums still to write for one file. `payload` makes the registry payload (a fresh stream each
 * call); it is called only when the bytes datum is not in the batch yet.
 */
export function fileDatums(
  file: PlannedFile,
  facts: FileFacts,
  payload: () => unknown,
  ctx: BatchContext,
  landed: Map<string, Landed>,
): FileDatums {
  const rel = file.entry.relPath;
  const filename = baseName(rel);
  const items: NewDatum[] = [];
  const sources: string[] = [];
  const push = (source: string, item: NewDatum) => {
    items.push(item);
    sources.push(source);
  };
  const batchKeys = (source: string) => ({ ingest_batch: ctx.batchId, ingest_source: source });

  const data = describeFile(file, facts);
  const root = landed.get(rel);
  const rootId = root?.id ?? newDatumId();
  if (!root) {
    push(rel, {
      id: rootId,
      data,
      metadata: { ...ctx.template, ...batchKeys(rel) },
      derivedFrom: ctx.derivedFrom,
    });
  }
  if (!landed.has(payloadSource(rel))) {
    push(payloadSource(rel), {
      id: newDatumId(),
      data: payload(),
      metadata: {
        role: file.kind === 'image' ? 'image-file' : 'file',
        filename,
        ...batchKeys(payloadSource(rel)),
      },
      registryUri: ctx.registryUri,
      derivedFrom: rootId,
    });
  }

  const size = facts.header;
  for (const set of file.annotations) {
    const annotationKeys = { annotation_format: set.format, annotation_file: set.file };
    for (const label of labelsOf(set.objects)) {
      const objects = set.objects.filter((o) => o.label === label);
      const source = labelSource(set.file, rel, label);
      const labelId = landed.get(source)?.id ?? newDatumId();
      if (!landed.has(source)) {
        const confidences = objects.map((o) => o.confidence).filter((c): c is number => c !== undefined);
        push(source, {
          id: labelId,
          data: {
            type: 'classification',
            label,
            ...(confidences.length > 0 ? { confidence: Math.max(...confidences) } : {}),
          },
          metadata: { ...ctx.template, ...annotationKeys, ...batchKeys(source) },
          derivedFrom: rootId,
        });
      }
      for (const o of objects) {
        const boxSource = `${set.file}#${o.key}`;
        if (!o.box || landed.has(boxSource)) continue;
        if (o.relative && !size) {
          throw new InvalidInputError(
            `The YOLO boxes of ${rel} need its size, but its header cannot be read`,
            {
              file: rel,
            },
          );
        }
        const scale = o.relative && size ? { w: size.width, h: size.height } : { w: 1, h: 1 };
        push(boxSource, {
          id: newDatumId(),
          data: {
            type: 'bbox',
            label,
            x: round3(o.box.x * scale.w),
            y: round3(o.box.y * scale.h),
            width: round3(o.box.width * scale.w),
            height: round3(o.box.height * scale.h),
            ...(o.confidence !== undefined ? { confidence: o.confidence } : {}),
          },
          metadata: { ...ctx.template, ...annotationKeys, ...batchKeys(boxSource) },
          derivedFrom: labelId,
        });
      }
    }
  }
  return { items, sources, rootId, newRoot: !root };
}

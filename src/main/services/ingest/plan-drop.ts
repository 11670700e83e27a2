/**
 * Turns the dropped files into a plan: which files become image datums, which become plain file datums,
 * which JSON/JSONL files are records, and which are annotation files (COCO, YOLO, VOC) whose objects are
 * matched to the dropped images by file name. Annotations that match no image, images an annotation file
 * names that are not in the drop, and unreadable annotation files become problems, each naming the file
 * and the line or path. Pure apart from reading the candidate annotation files through `readText`.
 */
import type { IngestMode } from '#shared/contract';
import { baseName, dirName, extension, type FileEntry, isClutter, isImageName } from './file-kinds';
import { ImageIndex, type ImageMatch } from './image-index';
import { looksLikeCoco, parseCocoValue } from './importers/coco';
import {
  type AnnotatedObject,
  AnnotationFileError,
  type AnnotationFormat,
  type AnnotationProblem,
  type ParsedAnnotations,
  parseJsonText,
} from './importers/types';
import { looksLikeVoc, parseVoc } from './importers/voc';
import { looksLikeYoloLabels, parseYoloDatasetYaml, parseYoloLabels, parseYoloNames } from './importers/yolo';

/** A JSON file larger than this is not read to look for COCO (it is a record file, read as a stream). */
export const MAX_ANNOTATION_JSON_BYTES = 256 * 1024 ** 2;
const MAX_XML_BYTES = 16 * 1024 ** 2;
const MAX_SNIFF_BYTES = 1024 ** 2;

export interface PlannedAnnotations {
  format: AnnotationFormat;
  /** The annotation file in the drop. */
  file: string;
  objects: AnnotatedObject[];
}

export interface PlannedFile {
  entry: FileEntry;
  /** `image`: an image datum with its header facts; `file`: a file datum (bytes). */
  kind: 'image' | 'file';
  annotations: PlannedAnnotations[];
}

export interface DropPlan {
  /** Images and other files, in path order: each becomes a datum with its bytes in a registry child. */
  files: PlannedFile[];
  /** JSON and JSONL files whose values become datums. */
  recordFiles: FileEntry[];
  /** Annotation and class-name files: read, not stored. */
  annotationFiles: FileEntry[];
  ignored: FileEntry[];
  formats: AnnotationFormat[];
  problems: AnnotationProblem[];
}

export type ReadText = (entry: FileEntry) => Promise<string>;

export async function planDrop(input: FileEntry[], mode: IngestMode, readText: ReadText): Promise<DropPlan> {
  const entries = [...input].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const problems: AnnotationProblem[] = [];
  const ignored = entries.filter((e) => isClutter(e.relPath));
  const kept = entries.filter((e) => !isClutter(e.relPath));
  const images = kept.filter((e) => isImageName(e.relPath));
  const index = new ImageIndex(images);

  const others: FileEntry[] = [];
  const recordFiles: FileEntry[] = [];
  const annotationFiles: FileEntry[] = [];
  const parsed: ParsedAnnotations[] = [];
  const classSources: Array<{ entry: FileEntry; names: string[] }> = [];
  const yoloCandidates: Array<{ entry: FileEntry; text: string }> = [];

  const read = async (entry: FileEntry): Promise<string | null> => {
    try {
      return await readText(entry);
    } catch (err) {
      problems.push({
        item: entry.relPath,
        message: `${entry.relPath} cannot be read: ${(err as Error).message}`,
      });
      return null;
    }
  };
  const annotationFile = (entry: FileEntry, parse: () => ParsedAnnotations) => {
    annotationFiles.push(entry);
    try {
      parsed.push(parse());
    } catch (err) {
      if (!(err instanceof AnnotationFileError)) throw err;
      problems.push({ item: err.item, message: err.message });
    }
  };

  for (const entry of kept) {
    if (isImageName(entry.relPath)) continue;
    const ext = extension(entry.relPath);
    const base = baseName(entry.relPath).toLowerCase();
    if (ext === 'jsonl' || ext === 'ndjson') {
      (mode.json === 'records' ? recordFiles : others).push(entry);
    } else if (ext === 'json') {
      if (!mode.annotations || entry.size > MAX_ANNOTATION_JSON_BYTES) {
        (mode.json === 'records' ? recordFiles : others).push(entry);
        continue;
      }
      const text = await read(entry);
      if (text === null) continue;
      let value: unknown;
      try {
        value = parseJsonText(text, entry.relPath);
      } catch (err) {
        // Neither annotations nor records can come from it: the file is reported and left out.
        const e = err as AnnotationFileError;
        problems.push({ item: e.item, message: e.message });
        continue;
      }
      if (looksLikeCoco(value)) annotationFile(entry, () => parseCocoValue(value, entry.relPath));
      else (mode.json === 'records' ? recordFiles : others).push(entry);
    } else if (mode.annotations && ext === 'xml' && entry.size <= MAX_XML_BYTES) {
      const text = await read(entry);
      if (text === null) continue;
      if (looksLikeVoc(text)) annotationFile(entry, () => parseVoc(text, entry.relPath));
      else others.push(entry);
    } else if (
      mode.annotations &&
      (base === 'classes.txt' || ext === 'names') &&
      entry.size <= MAX_SNIFF_BYTES
    ) {
      const text = await read(entry);
      if (text === null) continue;
      annotationFiles.push(entry);
      classSources.push({ entry, names: parseYoloNames(text) });
    } else if (mode.annotations && (ext === 'yaml' || ext === 'yml') && entry.size <= MAX_SNIFF_BYTES) {
      const text = await read(entry);
      if (text === null) continue;
      let names: string[] | null = null;
      try {
        names = parseYoloDatasetYaml(text, entry.relPath);
      } catch (err) {
        if (/^\s*names\s*:/m.test(text)) {
          const e = err as AnnotationFileError;
          problems.push({ item: e.item, message: e.message });
          annotationFiles.push(entry);
          continue;
        }
      }
      if (names) {
        annotationFiles.push(entry);
        classSources.push({ entry, names });
      } else others.push(entry);
    } else if (mode.annotations && ext === 'txt' && entry.size <= MAX_SNIFF_BYTES) {
      const text = await read(entry);
      if (text === null) continue;
      if (looksLikeYoloLabels(text)) yoloCandidates.push({ entry, text });
      else others.push(entry);
    } else {
      others.push(entry);
    }
  }

  // YOLO: a label-looking .txt is a label file when it names a dropped image, or when the drop is a YOLO
  // set anyway (class names given, or the file sits in a `labels` folder).
  const yoloContext = classSources.length > 0;
  const namesWarned = new Set<string>();
  for (const { entry, text } of yoloCandidates) {
    const match = index.byLabelFile(entry.relPath);
    const inLabels = dirName(entry.relPath).split('/').includes('labels');
    if ('missing' in match && !yoloContext && !inLabels) {
      others.push(entry);
      continue;
    }
    annotationFiles.push(entry);
    const names = nearestNames(classSources, entry.relPath);
    if (!names && !namesWarned.has(dirName(entry.relPath))) {
      namesWarned.add(dirName(entry.relPath));
      problems.push({
        item: dirName(entry.relPath) || entry.relPath,
        message: `No class-names file (classes.txt, *.names or a dataset YAML with names) for the YOLO labels in ${dirName(entry.relPath) || 'the drop'}: labels are class numbers`,
      });
    }
    const { objects, problems: lineProblems } = parseYoloLabels(text, entry.relPath, names);
    problems.push(...lineProblems);
    parsed.push({
      format: 'yolo',
      file: entry.relPath,
      images: [{ imageName: baseName(entry.relPath), where: entry.relPath, objects }],
      problems: [],
    });
  }

  // Attach each annotation file's images to the dropped images.
  const byImage = new Map<FileEntry, PlannedAnnotations[]>();
  for (const p of parsed) {
    problems.push(...p.problems);
    for (const img of p.images) {
      const match: ImageMatch =
        p.format === 'yolo' ? index.byLabelFile(p.file) : index.byFileName(img.imageName, p.file);
      if ('entry' in match) {
        byImage.set(match.entry, [
          ...(byImage.get(match.entry) ?? []),
          { format: p.format, file: p.file, objects: img.objects },
        ]);
        continue;
      }
      const lost = img.objects.length;
      const tail = lost > 0 ? ` (${lost} annotation${lost === 1 ? '' : 's'} not imported)` : '';
      problems.push({
        item: img.where,
        message:
          'missing' in match
            ? `The image ${p.format === 'yolo' ? `for ${baseName(p.file)}` : JSON.stringify(img.imageName)} is not in the drop${tail}`
            : `${JSON.stringify(img.imageName)} matches several dropped images (${match.ambiguous.map((e) => e.relPath).join(', ')})${tail}`,
      });
    }
  }

  const files: PlannedFile[] = [
    ...images.map((entry) => ({
      entry,
      kind: mode.images === 'image' ? ('image' as const) : ('file' as const),
      annotations: byImage.get(entry) ?? [],
    })),
    ...others.map((entry) => ({ entry, kind: 'file' as const, annotations: [] })),
  ].sort((a, b) => (a.entry.relPath < b.entry.relPath ? -1 : 1));

  return {
    files,
    recordFiles,
    annotationFiles,
    ignored,
    formats: [...new Set(parsed.map((p) => p.format))].sort(),
    problems,
  };
}

/** The class names nearest a label file: its own folder first, then each folder above it, then the only one. */
function nearestNames(
  sources: Array<{ entry: FileEntry; names: string[] }>,
  labelFile: string,
): string[] | null {
  if (sources.length === 0) return null;
  const parts = dirName(labelFile) === '' ? [] : dirName(labelFile).split('/');
  for (let depth = parts.length; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join('/');
    // A folder's own class file, or one in a sibling of the labels folder (`train/labels` ↔ `train/`).
    const here = sources.find((s) => dirName(s.entry.relPath) === dir);
    if (here) return here.names;
  }
  return sources.length === 1 ? sources[0].names : null;
}

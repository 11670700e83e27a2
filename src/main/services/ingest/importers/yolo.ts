/**
 * YOLO label folders: one `.txt` per image (same stem), each line `class x_center y_center width height
 * [confidence]` in fractions of the image; class names from `classes.txt` / `*.names` (one per line) or a
 * dataset YAML (`names:` as a list or a map). Boxes stay relative until the image's size is read.
 */
import { parse as parseYaml } from 'yaml';
import { type AnnotatedObject, AnnotationFileError, type AnnotationProblem } from './types';

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const LINE = new RegExp(`^(\\d+)((?:\\s+${NUMBER}){4,5})$`);
/** Fractions a little outside [0, 1] come from rounding in exporters; beyond this they are wrong. */
const TOLERANCE = 1e-3;

/** True when every non-empty line reads as a YOLO label line (an empty file is an image with no objects). */
export function looksLikeYoloLabels(text: string): boolean {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .every((l) => l === '' || LINE.test(l));
}

/** Class names from a `classes.txt` / `*.names` file: one per line, blank lines ignored. */
export function parseYoloNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Class names from a dataset YAML's `names` (a list, or a map of index → name); null without `names`. */
export function parseYoloDatasetYaml(text: string, file: string): string[] | null {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const e = err as { linePos?: Array<{ line: number }>; message: string };
    const line = e.linePos?.[0]?.line;
    throw new AnnotationFileError(line ? `${file}:${line}` : file, `${file} is not valid YAML: ${e.message}`);
  }
  if (doc === null || typeof doc !== 'object' || !('names' in doc)) return null;
  const names = (doc as { names: unknown }).names;
  if (Array.isArray(names) && names.every((n) => typeof n === 'string' || typeof n === 'number')) {
    return names.map(String);
  }
  if (names !== null && typeof names === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(names as Record<string, unknown>)) {
      if (!/^\d+$/.test(k) || (typeof v !== 'string' && typeof v !== 'number')) {
        throw new AnnotationFileError(
          file,
          `${file}: names must map class numbers to names, got ${JSON.stringify(k)}`,
        );
      }
      out[Number(k)] = String(v);
    }
    return out;
  }
  throw new AnnotationFileError(file, `${file}: names must be a list or a map of class names`);
}

/** The objects of one label file; `names` null when the drop has no class-names file (labels are numbers). */
export function parseYoloLabels(
  text: string,
  file: string,
  names: string[] | null,
): { objects: AnnotatedObject[]; problems: AnnotationProblem[] } {
  const objects: AnnotatedObject[] = [];
  const problems: AnnotationProblem[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const item = `${file}:${i + 1}`;
    const m = LINE.exec(line);
    if (!m) {
      problems.push({
        item,
        message: `line ${i + 1} of ${file} is not "class x_center y_center width height [confidence]": ${JSON.stringify(line.slice(0, 80))}`,
      });
      continue;
    }
    const cls = Number(m[1]);
    const [cx, cy, w, h, conf] = m[2].trim().split(/\s+/).map(Number);
    if (names && (cls >= names.length || names[cls] === undefined)) {
      problems.push({
        item,
        message: `line ${i + 1} of ${file}: class ${cls} has no name (the class-names file lists ${names.length})`,
      });
      continue;
    }
    const outside = [cx, cy, w, h].some((v) => v < -TOLERANCE || v > 1 + TOLERANCE);
    if (outside || w < 0 || h < 0) {
      problems.push({
        item,
        message: `line ${i + 1} of ${file}: coordinates must be fractions of the image between 0 and 1, got ${m[2].trim()}`,
      });
      continue;
    }
    const object: AnnotatedObject = {
      key: `line ${i + 1}`,
      label: names ? names[cls] : String(cls),
      box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h },
      relative: true,
    };
    if (conf !== undefined) object.confidence = conf;
    objects.push(object);
  }
  return { objects, problems };
}

import { jsonErrorOffset } from './json-error';

/** What every annotation importer gives back: per image named in the file, its labelled objects. */

export type AnnotationFormat = 'coco' | 'yolo' | 'voc';

/** A box in pixels (YOLO boxes are relative until the image's size is known, see `relative`). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AnnotatedObject {
  /** Stable within its annotation file (`annotations[12]`, `line 4`, `object[2]`), part of the datum's source. */
  key: string;
  label: string;
  confidence?: number;
  box?: Box;
  /** The box is in fractions of the image's width and height (YOLO). */
  relative?: boolean;
}

export interface ImageAnnotations {
  /** How the annotation file names the image: a file name, possibly with folders. */
  imageName: string;
  /** Where the image is named in the annotation file, for messages (`images[3]`). */
  where: string;
  objects: AnnotatedObject[];
}

/** A problem with one place of an annotation file; `item` names the file and the line or path. */
export interface AnnotationProblem {
  item: string;
  message: string;
}

export interface ParsedAnnotations {
  format: AnnotationFormat;
  /** The annotation file's path in the drop. */
  file: string;
  images: ImageAnnotations[];
  problems: AnnotationProblem[];
}

/** A whole annotation file that cannot be read (malformed JSON or XML); `item` names the file and line. */
export class AnnotationFileError extends Error {
  constructor(
    readonly item: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnnotationFileError';
  }
}

/** Line and column of a character offset (1-based), for messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** JSON.parse with the line and column of a syntax error in the message. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const named = /at position (\d+)/.exec(message)?.[1];
    const offset = named !== undefined ? Number(named) : jsonErrorOffset(text);
    const at = offset >= 0 ? lineColumn(text, offset) : null;
    // V8 quotes the whole text in some messages: keep only its reason.
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/, "[\s\S]*" is not valid JSON$/, '')
      .slice(0, 200);
    throw new AnnotationFileError(
      at ? `${file}:${at.line}:${at.column}` : file,
      `${file} is not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}: ${reason}`,
    );
  }
}

/** Rounds away floating-point noise (0.1 + 0.2) without losing sub-pixel precision. */
export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

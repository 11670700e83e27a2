/**
 * Pascal VOC XML: one `<annotation>` per image, naming it in `<filename>` (else the XML's own stem), with
 * one `<object>` per box: `<name>` and `<bndbox>` (xmin, ymin, xmax, ymax in pixels). Problems are
 * reported with the line of the element.
 */
import {
  type AnnotatedObject,
  AnnotationFileError,
  type AnnotationProblem,
  type ParsedAnnotations,
} from './types';
import { child, childText, parseXml, type XmlElement, XmlSyntaxError } from './xml';

/** True when the XML text's root element is `<annotation>` (a cheap look at the start of the text). */
export function looksLikeVoc(text: string): boolean {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/i, '');
  return /^\s*<annotation[\s>]/.test(body);
}

export function parseVoc(text: string, file: string): ParsedAnnotations {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) {
      throw new AnnotationFileError(`${file}:${err.line}`, `${file} is not valid XML: ${err.message}`);
    }
    throw err;
  }
  if (root.name !== 'annotation') {
    throw new AnnotationFileError(
      `${file}:${root.line}`,
      `${file} is not a Pascal VOC file: its root is <${root.name}>, not <annotation>`,
    );
  }
  const problems: AnnotationProblem[] = [];
  const stem = file
    .split('/')
    .pop()!
    .replace(/\.[^.]*$/, '');
  const filename = childText(root, 'filename');
  const objects: AnnotatedObject[] = [];
  let index = 0;
  for (const obj of root.children.filter((c) => c.name === 'object')) {
    const key = `object[${index++}]`;
    const item = `${file}:${obj.line}`;
    const label = childText(obj, 'name');
    if (!label) {
      problems.push({ item, message: `${file} line ${obj.line}: an <object> without a <name>` });
      continue;
    }
    const object: AnnotatedObject = { key, label };
    const box = child(obj, 'bndbox');
    if (box) {
      const read = (n: string) => Number(childText(box, n) ?? Number.NaN);
      const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map(read);
      if (![xmin, ymin, xmax, ymax].every(Number.isFinite) || xmax < xmin || ymax < ymin) {
        problems.push({
          item: `${file}:${box.line}`,
          message: `${file} line ${box.line}: <bndbox> needs numeric xmin ≤ xmax and ymin ≤ ymax`,
        });
        continue;
      }
      object.box = { x: xmin, y: ymin, width: xmax - xmin, height: ymax - ymin };
    }
    const score = childText(obj, 'score') ?? childText(obj, 'confidence');
    if (score !== undefined && Number.isFinite(Number(score))) object.confidence = Number(score);
    objects.push(object);
  }
  return {
    format: 'voc',
    file,
    images: [{ imageName: filename || stem, where: file, objects }],
    problems,
  };
}

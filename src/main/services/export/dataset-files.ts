/**
 * Which files a datum contributes to a dataset folder, named after the datum so every file traces back to
 * it: a registry payload's file as `<column>/<id>.<ext>` (the picture in its own format, data.json as .json,
 * raw bytes as .bin, numpy as .npy; objects of several files, such as pickles, as `<column>/<id>/<file>`);
 * inline data as `<column>/<id>.json`; and an inline datum's picture (its registry child) beside it.
 */
import { classify, type Datum, type RegistryObjectInfo } from '../../engine';

export interface PlannedFile {
  /** Path inside the dataset folder, with forward slashes. */
  relPath: string;
  /** Copy a registry file of `source`, or write `content`. */
  source?: { datum: Datum; file: string; info: RegistryObjectInfo };
  content?: Buffer;
  /** Why the file cannot be made (a missing registry object): reported as a failed file. */
  problem?: string;
}

const EXTENSIONS: Record<string, string> = { 'data.json': '.json', 'data.txt': '.bin', 'data.npy': '.npy' };

function registryExtension(file: string): string {
  if (EXTENSIONS[file]) return EXTENSIONS[file];
  const dot = file.lastIndexOf('.');
  const ext = dot >= 0 ? file.slice(dot).toLowerCase() : '';
  return ext === '.jpeg' ? '.jpg' : ext === '.tiff' ? '.tif' : ext;
}

export function registryFiles(
  column: string,
  datum: Datum,
  info: RegistryObjectInfo,
  name = datum.id,
): PlannedFile[] {
  const { mainFile } = classify(info);
  if (mainFile && info.files.length === 1) {
    return [
      { relPath: `${column}/${name}${registryExtension(mainFile)}`, source: { datum, file: mainFile, info } },
    ];
  }
  return info.files.map((f) => ({ relPath: `${column}/${name}/${f}`, source: { datum, file: f, info } }));
}

/** True when a registry object is a picture (what an inline image datum keeps in its child). */
export function isPictureObject(info: RegistryObjectInfo): boolean {
  return classify(info).kind === 'image';
}

export function inlineFile(column: string, datum: Datum, json: unknown): PlannedFile {
  return {
    relPath: `${column}/${datum.id}.json`,
    content: Buffer.from(`${JSON.stringify(json, null, 2)}\n`),
  };
}

/** What a dropped file is, by its name: an image, JSON, JSONL, a possible annotation file, or bytes. */

export interface FileEntry {
  /** Where the file sat in what was dropped (`photos/a.png`), '/'-separated. */
  relPath: string;
  /** Where to read it on the host (the dropped file, or the upload's temporary file). */
  absPath: string;
  size: number;
  /** Modification time (ms), part of the batch identity. */
  mtimeMs: number;
}

export const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp', 'tif', 'tiff']);

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  txt: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  md: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  npy: 'application/octet-stream',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
};

export function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

export function dirName(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return slash < 0 ? '' : relPath.slice(0, slash);
}

export function extension(relPath: string): string {
  const base = baseName(relPath);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function stem(relPath: string): string {
  const base = baseName(relPath);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

export function mimeType(relPath: string): string {
  return MIME[extension(relPath)] ?? 'application/octet-stream';
}

export function isImageName(relPath: string): boolean {
  return IMAGE_EXTENSIONS.has(extension(relPath));
}

/** Hidden files and folders, and what operating systems leave in folders, are not the user's data. */
export function isClutter(relPath: string): boolean {
  const parts = relPath.split('/');
  const base = parts[parts.length - 1].toLowerCase();
  return (
    parts.some((p) => p.startsWith('.') || p === '__MACOSX') || base === 'thumbs.db' || base === 'desktop.ini'
  );
}

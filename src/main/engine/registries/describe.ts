/**
 * What a registry object holds, told without loading it: its files with their sizes, what kind of payload
 * it is (from its file names and classes, the same for every generation of the Python layout), the file a
 * viewer shows, and what its header says (image format and size; numpy shape and dtype). Pickles are never
 * read. `verifyObject` streams every file through the object hash.
 */
import { Readable } from 'node:stream';
import { RegistryError } from '#shared/errors';
import { IMAGE_HEADER_BYTES, readImageHeader } from '../images/image-header';
import { imageFormatFromFileName, parseNpyHeader } from './formats';
import { generationOfMaterializer, type HashFraming } from './generations';
import { EitherHasher } from './hash';
import { comparePaths, objectPrefix } from './keys';
import type { ObjectBackend, RegistryObjectInfo } from './registry';

export type PayloadKind = 'json' | 'text' | 'bytes' | 'image' | 'ndarray' | 'pickle' | 'unknown';

export interface ObjectDescription {
  info: RegistryObjectInfo;
  files: Array<{ path: string; size: number }>;
  /** Bytes of every file together. */
  size: number;
  kind: PayloadKind;
  /** The file a viewer shows (the picture, data.json, data.txt, data.npy); null for pickles and unknowns. */
  mainFile: string | null;
  /** The media type of `mainFile`. */
  mediaType: string | null;
  image?: { format: string; width: number; height: number };
  array?: { shape: number[]; dtype: string };
}

const MEDIA_TYPES: Record<string, string> = {
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  GIF: 'image/gif',
  BMP: 'image/bmp',
  WEBP: 'image/webp',
  TIFF: 'image/tiff',
};

export function imageMediaType(format: string): string {
  return MEDIA_TYPES[format.toUpperCase()] ?? 'application/octet-stream';
}

/** The kind of payload and its main file, from the object's files and classes. */
export function classify(info: RegistryObjectInfo): { kind: PayloadKind; mainFile: string | null } {
  const files = info.files;
  const is = (name: string) => files.includes(name);
  const picture = files.find((f) => /^image_file\.[A-Za-z]+$/.test(f) || /^image\.[A-Za-z]+$/.test(f));
  if (picture && imageFormatFromFileName(picture)) return { kind: 'image', mainFile: picture };
  if (files.some((f) => f.endsWith('.pkl')) || /pickle/i.test(info.materializer)) {
    return { kind: 'pickle', mainFile: null };
  }
  if (is('data.npy')) return { kind: 'ndarray', mainFile: 'data.npy' };
  if (is('data.json'))
    return { kind: info.className === 'builtins.str' ? 'text' : 'json', mainFile: 'data.json' };
  if (is('data.txt')) return { kind: 'bytes', mainFile: 'data.txt' };
  return { kind: 'unknown', mainFile: null };
}

async function readHead(backend: ObjectBackend, relPath: string, bytes: number): Promise<Buffer> {
  const stream = await backend.readStream(relPath);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

export async function describeObject(
  backend: ObjectBackend,
  info: RegistryObjectInfo,
): Promise<ObjectDescription> {
  const prefix = objectPrefix(info.key, info.version);
  const files = await Promise.all(
    info.files.map(async (path) => ({ path, size: await backend.size(prefix + path) })),
  );
  const { kind, mainFile } = classify(info);
  const description: ObjectDescription = {
    info,
    files,
    size: files.reduce((sum, f) => sum + f.size, 0),
    kind,
    mainFile,
    mediaType: null,
  };
  if (kind === 'image' && mainFile) {
    const header = readImageHeader(await readHead(backend, prefix + mainFile, IMAGE_HEADER_BYTES));
    const format = header?.format ?? imageFormatFromFileName(mainFile)!.format;
    description.mediaType = imageMediaType(format);
    if (header) description.image = header;
  } else if (kind === 'ndarray') {
    description.mediaType = 'application/octet-stream';
    const npy = parseNpyHeader(await readHead(backend, `${prefix}data.npy`, 65_536), 'data.npy');
    description.array = { shape: npy.shape, dtype: npy.dtype };
  } else if (kind === 'json' || kind === 'text') {
    description.mediaType = 'application/json';
  } else if (kind === 'bytes') {
    description.mediaType = 'application/octet-stream';
  }
  return description;
}

export interface Verification {
  /** null when the commit file records no hash (objects of old Python releases). */
  ok: boolean | null;
  expected: string | null;
  /** The files' hash under the framing that matched, else under the object's own generation's framing. */
  actual: string;
  /** Which framing matched (generations.ts); null on a mismatch or without a recorded hash. */
  framing: HashFraming | null;
}

/**
 * Streams every file of the object through both hash framings and compares with the commit file's: either
 * generation's objects verify, and a mismatch under both is an integrity error.
 */
export async function verifyObject(backend: ObjectBackend, info: RegistryObjectInfo): Promise<Verification> {
  const prefix = objectPrefix(info.key, info.version);
  const hasher = new EitherHasher();
  for (const file of [...info.files].sort(comparePaths)) {
    hasher.beginFile(file);
    const stream = await backend.readStream(prefix + file);
    for await (const chunk of Readable.from(stream)) hasher.update(chunk as Buffer);
  }
  const { framing, plain, framed } = hasher.match(info.hash ?? '');
  const own = generationOfMaterializer(info.materializer) === 'mindtrace' ? framed : plain;
  if (!info.hash) return { ok: null, expected: null, actual: own, framing: null };
  return {
    ok: framing !== null,
    expected: info.hash,
    actual: framing === 'framed' ? framed : framing === 'plain' ? plain : own,
    framing,
  };
}

export function hashMismatch(uri: string, info: RegistryObjectInfo, actual: string): RegistryError {
  return new RegistryError(
    `Hash mismatch for registry object ${info.key} in ${uri}: expected ${info.hash}, found ${actual}`,
    { key: info.key, uri, expected: info.hash, actual, corrupt: true },
  );
}

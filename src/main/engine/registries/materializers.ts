/**
 * The Python classes and materializers of the registry layout (spec §4), in either generation
 * (generations.ts): how a payload becomes files when written, and how files become a value again when read.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { RegistryError } from '#shared/errors';
import {
  decodeNpy,
  detectImageFormat,
  imageFormatFromFileName,
  isPickledDtype,
  MAGIC_BYTES_NEEDED,
} from './formats';
import { GENERATION_LAYOUTS, type GenerationLayout, type RegistryGeneration } from './generations';
import { parsePythonJson, pythonJsonDumps } from './python-json';
import type { PayloadInput, RegistryImage, RegistryObjectInfo, UndecodablePayload } from './registry';

/** The zenml-era materializer names (mindtrace-registry 0.5–0.11); see generations.ts for both sets. */
export const MATERIALIZERS = GENERATION_LAYOUTS.zenml.materializers;

/** One payload file to write: in memory, or a stream that is consumed exactly once. */
export interface EncodedFile {
  name: string;
  body: Buffer | Readable;
}

export interface EncodedPayload {
  className: string;
  materializer: string;
  files: EncodedFile[];
}

/**
 * Python has no materializer for None ("No materializer found for object of type <class 'NoneType'>"), and
 * a `builtins.NoneType` object fails to load there, so a null payload is refused before anything is written.
 */
export function assertStorablePayload(value: unknown): void {
  if (value === null || value === undefined) {
    throw new RegistryError(
      'A null payload cannot be stored in a registry: the Python library has no materializer for None. ' +
        'Store null inline (without a registryUri), or store a value.',
    );
  }
}

function jsonClass(value: unknown, m: GenerationLayout['materializers']) {
  assertStorablePayload(value);
  if (Array.isArray(value)) return { className: 'builtins.list', materializer: m.container };
  switch (typeof value) {
    case 'object':
      return { className: 'builtins.dict', materializer: m.container };
    case 'string':
      return { className: 'builtins.str', materializer: m.builtIn };
    case 'boolean':
      return { className: 'builtins.bool', materializer: m.builtIn };
    case 'bigint':
      return { className: 'builtins.int', materializer: m.builtIn };
    case 'number':
      return {
        className: Number.isInteger(value) ? 'builtins.int' : 'builtins.float',
        materializer: m.builtIn,
      };
    default:
      throw new RegistryError(`Cannot store a ${typeof value} as a JSON payload`);
  }
}

/** Reads the first bytes of a stream and gives back a stream that still yields every byte. */
export async function peekStream(
  source: Readable,
  size: number,
): Promise<{ head: Buffer; stream: Readable }> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk =
      typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value as Uint8Array);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
      }
    } finally {
      await it.return?.(); // destroys the source if the consumer gave up early
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

function binaryPayload(
  head: Uint8Array,
  body: Buffer | Readable,
  generation: RegistryGeneration,
  totalSize?: number,
): EncodedPayload {
  const m = GENERATION_LAYOUTS[generation].materializers;
  const image = detectImageFormat(head, totalSize);
  if (image) {
    // 0.12+ always names the file image.png and records PIL.Image.Image; its loader (Image.open) reads
    // the format from the bytes, so the original file is kept as it is rather than re-encoded.
    return generation === 'mindtrace'
      ? { className: 'PIL.Image.Image', materializer: m.pillow, files: [{ name: 'image.png', body }] }
      : {
          className: image.className,
          materializer: m.pillow,
          files: [{ name: `image_file.${image.format}`, body }],
        };
  }
  return { className: 'builtins.bytes', materializer: m.bytes, files: [{ name: 'data.txt', body }] };
}

async function readFileHead(path: string): Promise<{ head: Buffer; size: number }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new RegistryError(
      `Cannot read payload file ${path}: ${(err as Error).message}`,
      { path },
      { cause: err },
    );
  }
  try {
    const buf = Buffer.alloc(MAGIC_BYTES_NEEDED);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const { size } = await handle.stat();
    return { head: buf.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

/** Maps a payload to the files, class and materializer that the Python library would have written. */
export async function encodePayload(
  payload: PayloadInput,
  generation: RegistryGeneration = 'zenml',
): Promise<EncodedPayload> {
  const m = GENERATION_LAYOUTS[generation].materializers;
  switch (payload.kind) {
    case 'json': {
      const { className, materializer } = jsonClass(payload.value, m);
      const body = Buffer.from(pythonJsonDumps(payload.value), 'utf8');
      return { className, materializer, files: [{ name: 'data.json', body }] };
    }
    case 'bytes': {
      const body = Buffer.from(payload.bytes.buffer, payload.bytes.byteOffset, payload.bytes.byteLength);
      return { className: 'builtins.bytes', materializer: m.bytes, files: [{ name: 'data.txt', body }] };
    }
    case 'file': {
      const { head, size } = await readFileHead(payload.path);
      return binaryPayload(head, createReadStream(payload.path), generation, size);
    }
    case 'stream': {
      const { head, stream } = await peekStream(payload.stream, MAGIC_BYTES_NEEDED);
      // A stream shorter than the peek is whole in `head`, so its size is known.
      const total = head.length < MAGIC_BYTES_NEEDED ? head.length : undefined;
      return binaryPayload(head, stream, generation, total);
    }
    default:
      throw new RegistryError(`Unknown payload kind ${JSON.stringify((payload as { kind: unknown }).kind)}`);
  }
}

/**
 * The materializer's class name, for the names of both generations: zenml exposes each materializer under
 * its package and its module, and 0.12+ keeps the class names in `mindtrace.registry.archivers.*`.
 */
function materializerName(materializer: string): string | null {
  if (!materializer.startsWith('zenml.') && !materializer.startsWith('mindtrace.registry.archivers.'))
    return null;
  return materializer.slice(materializer.lastIndexOf('.') + 1);
}

/** The image file of a Pillow object: `image_file.<FORMAT>` (zenml era) or `image.png` (0.12+). */
function imageFileOf(files: string[]): string | undefined {
  return files.find((f) => !f.includes('/') && imageFormatFromFileName(f) !== null);
}

/** The files `decodePayload` needs, or null when the payload cannot be decoded here at all. */
export function filesToDecode(info: RegistryObjectInfo): string[] | null {
  const has = (name: string) => info.files.includes(name);
  switch (materializerName(info.materializer)) {
    case 'BuiltInContainerMaterializer':
    case 'BuiltInMaterializer':
      return has('data.json') ? ['data.json'] : null;
    case 'BytesMaterializer':
      return has('data.txt') ? ['data.txt'] : null;
    case 'PillowImageMaterializer': {
      const image = imageFileOf(info.files);
      return image ? [image] : null;
    }
    case 'NumpyMaterializer':
      return has('data.npy') ? ['data.npy'] : null;
    default:
      return null;
  }
}

export function undecodable(info: RegistryObjectInfo): UndecodablePayload {
  return {
    kind: 'undecodable',
    className: info.className,
    materializer: info.materializer,
    files: info.files,
  };
}

/** Turns the object's files (already hash-checked) into a value. */
export function decodePayload(info: RegistryObjectInfo, files: Map<string, Buffer>): unknown {
  const needed = filesToDecode(info);
  if (!needed) return undecodable(info);
  const name = needed[0];
  const bytes = files.get(name)!;
  const where = `${info.key}/${info.version}/${name}`;
  switch (materializerName(info.materializer)) {
    case 'BuiltInContainerMaterializer':
    case 'BuiltInMaterializer':
      try {
        return parsePythonJson(bytes.toString('utf8'));
      } catch (err) {
        throw new RegistryError(`Corrupt JSON payload ${where}: ${(err as Error).message}`, { file: where });
      }
    case 'BytesMaterializer':
      return bytes;
    case 'PillowImageMaterializer': {
      const format = detectImageFormat(bytes, bytes.length) ?? imageFormatFromFileName(name);
      const image: RegistryImage = { kind: 'image', format: format!.format, bytes };
      return image;
    }
    case 'NumpyMaterializer':
      try {
        const array = decodeNpy(bytes, where);
        return isPickledDtype(array.dtype) ? undecodable(info) : array;
      } catch {
        return undecodable(info); // structured or unusual arrays: show the files instead
      }
    default:
      return undecodable(info);
  }
}

/**
 * The Python classes and zenml materializers of the registry layout (spec §4): how a payload becomes files
 * when written, and how files become a value again when read.
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
import { parsePythonJson, pythonJsonDumps } from './python-json';
import type { PayloadInput, RegistryImage, RegistryObjectInfo, UndecodablePayload } from './registry';

export const MATERIALIZERS = {
  container: 'zenml.materializers.BuiltInContainerMaterializer',
  builtIn: 'zenml.materializers.built_in_materializer.BuiltInMaterializer',
  bytes: 'zenml.materializers.BytesMaterializer',
  pillow: 'zenml.integrations.pillow.materializers.pillow_image_materializer.PillowImageMaterializer',
  numpy: 'zenml.integrations.numpy.materializers.numpy_materializer.NumpyMaterializer',
} as const;

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

function jsonClass(value: unknown): { className: string; materializer: string } {
  if (Array.isArray(value)) return { className: 'builtins.list', materializer: MATERIALIZERS.container };
  if (value === null) return { className: 'builtins.NoneType', materializer: MATERIALIZERS.builtIn };
  switch (typeof value) {
    case 'object':
      return { className: 'builtins.dict', materializer: MATERIALIZERS.container };
    case 'string':
      return { className: 'builtins.str', materializer: MATERIALIZERS.builtIn };
    case 'boolean':
      return { className: 'builtins.bool', materializer: MATERIALIZERS.builtIn };
    case 'number':
      return {
        className: Number.isInteger(value) ? 'builtins.int' : 'builtins.float',
        materializer: MATERIALIZERS.builtIn,
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

function binaryPayload(head: Uint8Array, body: Buffer | Readable): EncodedPayload {
  const image = detectImageFormat(head);
  if (image) {
    return {
      className: image.className,
      materializer: MATERIALIZERS.pillow,
      files: [{ name: `image_file.${image.format}`, body }],
    };
  }
  return {
    className: 'builtins.bytes',
    materializer: MATERIALIZERS.bytes,
    files: [{ name: 'data.txt', body }],
  };
}

async function readFileHead(path: string): Promise<Buffer> {
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
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Maps a payload to the files, class and materializer that the Python library would have written. */
export async function encodePayload(payload: PayloadInput): Promise<EncodedPayload> {
  switch (payload.kind) {
    case 'json': {
      const { className, materializer } = jsonClass(payload.value);
      const body = Buffer.from(pythonJsonDumps(payload.value), 'utf8');
      return { className, materializer, files: [{ name: 'data.json', body }] };
    }
    case 'bytes': {
      const body = Buffer.from(payload.bytes.buffer, payload.bytes.byteOffset, payload.bytes.byteLength);
      return {
        className: 'builtins.bytes',
        materializer: MATERIALIZERS.bytes,
        files: [{ name: 'data.txt', body }],
      };
    }
    case 'file': {
      const head = await readFileHead(payload.path);
      return binaryPayload(head, createReadStream(payload.path));
    }
    case 'stream': {
      const { head, stream } = await peekStream(payload.stream, MAGIC_BYTES_NEEDED);
      return binaryPayload(head, stream);
    }
    default:
      throw new RegistryError(`Unknown payload kind ${JSON.stringify((payload as { kind: unknown }).kind)}`);
  }
}

/** zenml exposes each materializer under its package and its module, so match on the class name. */
function materializerName(materializer: string): string | null {
  if (!materializer.startsWith('zenml.')) return null;
  return materializer.slice(materializer.lastIndexOf('.') + 1);
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
      const image = info.files.find((f) => !f.includes('/') && imageFormatFromFileName(f) !== null);
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
      const format = detectImageFormat(bytes) ?? imageFormatFromFileName(name);
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

/**
 * What ingestion needs to know about a file before writing it: its size, sha256, and (for images) the
 * header facts, read without decoding the picture. A small file is read once into memory and written
 * from that buffer; a large one is streamed twice (hash now, bytes later), so memory stays flat.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type ImageHeader, readImageHeader } from '../../engine';

/** Files up to this size are read into memory once; larger ones are streamed. */
export const SMALL_FILE_BYTES = 8 * 1024 ** 2;
/** Enough for a JPEG's SOF after large EXIF/ICC segments. */
const HEADER_BYTES = 1024 ** 2;

export interface FileFacts {
  size: number;
  sha256: string;
  header: ImageHeader | null;
  /** The bytes of a small file (written from memory); null for a large one (streamed again). */
  bytes: Buffer | null;
}

/** `size` is the size the drop listed: a large file is never read whole into memory. */
export async function readFileFacts(path: string, size: number, signal?: AbortSignal): Promise<FileFacts> {
  if (size > SMALL_FILE_BYTES) return streamFacts(path, signal);
  const bytes = await readFile(path, { signal });
  return {
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    header: readImageHeader(bytes.subarray(0, HEADER_BYTES)),
    bytes,
  };
}

/** Large files: one streamed pass for the hash, keeping only the first megabyte for the header. */
export async function streamFacts(path: string, signal?: AbortSignal): Promise<FileFacts> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1024 * 1024 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
    if (headLength < HEADER_BYTES) {
      head.push(buf.subarray(0, HEADER_BYTES - headLength));
      headLength += Math.min(buf.length, HEADER_BYTES - headLength);
    }
  }
  return { size, sha256: hash.digest('hex'), header: readImageHeader(Buffer.concat(head)), bytes: null };
}

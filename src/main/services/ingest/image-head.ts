/** An image header from the first megabyte of a file, without reading the rest. */
import { open } from 'node:fs/promises';
import { type ImageHeader, readImageHeader } from '../../engine';

export async function readImageHeaderOf(path: string): Promise<ImageHeader | null> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return readImageHeader(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

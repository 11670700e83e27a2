/** Small, real payloads for the registry tests: a valid PNG, a numpy file, JSON of a given size. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { tinyPng } from '../images/png-encode';

/** A valid RGB PNG of the given size, with a gradient so its bytes are not trivial. */
export function makePng(width = 4, height = 3): Buffer {
  return tinyPng(width, height);
}

/** A `.npy` file (format 1.0) as numpy.save writes it, with the header padded to a multiple of 64. */
export function makeNpy(descr: string, shape: number[], data: Buffer, fortranOrder = false): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64);
  header += '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

/** A JSON object whose `JSON.stringify` is exactly `chars` characters long (chars >= 20). */
export function jsonOfLength(chars: number): Record<string, unknown> {
  const base = { kind: 'payload', text: '' };
  const overhead = JSON.stringify(base).length;
  return { kind: 'payload', text: 'lorem ipsum '.repeat(chars).slice(0, chars - overhead) };
}

/** A deterministic pseudo-random byte stream of `size` bytes, produced chunk by chunk. */
export function byteStream(size: number, seed = 1, chunkSize = 256 * 1024): Readable {
  let produced = 0;
  let state = seed >>> 0 || 1;
  return new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(chunkSize, size - produced);
      const buf = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        buf[i] = state & 0xff;
      }
      produced += n;
      this.push(buf);
    },
  });
}

/** sha256(prefix + everything the stream yields), without keeping the bytes. */
export async function sha256Of(stream: Readable, prefix = ''): Promise<string> {
  const hash = createHash('sha256');
  hash.update(prefix);
  for await (const part of stream) hash.update(part as Buffer);
  return hash.digest('hex');
}

export function sha256(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** A valid 2×1 24-bit BMP (BITMAPINFOHEADER): blue then red, rows padded to 4 bytes. */
export function makeBmp(): Buffer {
  const pixels = Buffer.from([255, 0, 0, 0, 0, 255, 0, 0]);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  header.writeInt32LE(2, 18);
  header.writeInt32LE(1, 22);
  header.writeUInt16LE(1, 26); // planes
  header.writeUInt16LE(24, 28); // bits per pixel
  header.writeUInt32LE(pixels.length, 34);
  header.writeInt32LE(2835, 38);
  header.writeInt32LE(2835, 42);
  return Buffer.concat([header, pixels]);
}

/** Small, real payloads for the registry tests: a valid PNG, a numpy file, JSON of a given size. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG of the given size, with a gradient so its bytes are not trivial. */
export function makePng(width = 4, height = 3): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 255) / Math.max(1, width - 1);
      raw[row + 2 + x * 3] = (y * 255) / Math.max(1, height - 1);
      raw[row + 3 + x * 3] = 128;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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

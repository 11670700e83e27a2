/**
 * An image's format and size from its first bytes, without decoding the picture: PNG (IHDR), JPEG (the
 * first SOF marker), GIF (logical screen), BMP (DIB header), WEBP (VP8, VP8L, VP8X) and TIFF (the first IFD).
 * Each reader checks its header's own fields, so a text that happens to start with "BM" is not a bitmap.
 */

export interface ImageHeader {
  /** Pillow's format name: PNG, JPEG, GIF, BMP, WEBP, TIFF. */
  format: string;
  width: number;
  height: number;
}

/** How many leading bytes are enough for every format but JPEG (whose SOF can come after large segments). */
export const IMAGE_HEADER_BYTES = 64 * 1024;

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
function startsWith(b: Uint8Array, bytes: number[], offset = 0): boolean {
  return b.length >= offset + bytes.length && bytes.every((x, i) => b[offset + i] === x);
}
const valid = (w: number, h: number) => Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0;

/** Reads the header; null when the bytes are not an image of a known format (or the header is not sane). */
export function readImageHeader(head: Uint8Array): ImageHeader | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return (
    png(head, view) ??
    jpeg(head, view) ??
    gif(head, view) ??
    bmp(head, view) ??
    webp(head, view) ??
    tiff(head, view)
  );
}

function png(b: Uint8Array, v: DataView): ImageHeader | null {
  if (!startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || !startsWith(b, ascii('IHDR'), 12))
    return null;
  if (b.length < 24) return null;
  const width = v.getUint32(16);
  const height = v.getUint32(20);
  return valid(width, height) ? { format: 'PNG', width, height } : null;
}

function jpeg(b: Uint8Array, v: DataView): ImageHeader | null {
  if (!startsWith(b, [0xff, 0xd8, 0xff])) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = v.getUint16(i + 5);
      const width = v.getUint16(i + 7);
      return valid(width, height) ? { format: 'JPEG', width, height } : null;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = v.getUint16(i + 2);
    if (length < 2) return null;
    i += 2 + length;
  }
  return null;
}

function gif(b: Uint8Array, v: DataView): ImageHeader | null {
  if (!(startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) || b.length < 10) return null;
  const width = v.getUint16(6, true);
  const height = v.getUint16(8, true);
  return valid(width, height) ? { format: 'GIF', width, height } : null;
}

function bmp(b: Uint8Array, v: DataView): ImageHeader | null {
  if (!startsWith(b, ascii('BM')) || b.length < 26) return null;
  const dataOffset = v.getUint32(10, true);
  const dibSize = v.getUint32(14, true);
  // The DIB header sizes Windows and OS/2 define; anything else is not a bitmap.
  if (![12, 16, 40, 52, 56, 64, 108, 124].includes(dibSize) || dataOffset < 14 + dibSize) return null;
  if (dibSize === 12) {
    const width = v.getUint16(18, true);
    const height = v.getUint16(20, true);
    return valid(width, height) ? { format: 'BMP', width, height } : null;
  }
  const width = v.getInt32(18, true);
  const height = Math.abs(v.getInt32(22, true)); // negative: rows stored top-down
  return valid(width, height) ? { format: 'BMP', width, height } : null;
}

function webp(b: Uint8Array, v: DataView): ImageHeader | null {
  if (!startsWith(b, ascii('RIFF')) || !startsWith(b, ascii('WEBP'), 8) || b.length < 30) return null;
  if (startsWith(b, ascii('VP8 '), 12)) {
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return null;
    const width = v.getUint16(26, true) & 0x3fff;
    const height = v.getUint16(28, true) & 0x3fff;
    return valid(width, height) ? { format: 'WEBP', width, height } : null;
  }
  if (startsWith(b, ascii('VP8L'), 12)) {
    if (b[20] !== 0x2f) return null;
    const bits = v.getUint32(21, true);
    const width = (bits & 0x3fff) + 1;
    const height = ((bits >> 14) & 0x3fff) + 1;
    return { format: 'WEBP', width, height };
  }
  if (startsWith(b, ascii('VP8X'), 12)) {
    const width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { format: 'WEBP', width, height };
  }
  return null;
}

function tiff(b: Uint8Array, v: DataView): ImageHeader | null {
  const little = startsWith(b, [0x49, 0x49, 0x2a, 0x00]);
  if (!little && !startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return null;
  if (b.length < 8) return null;
  const ifd = v.getUint32(4, little);
  if (ifd + 2 > b.length) return null;
  const entries = v.getUint16(ifd, little);
  let width = 0;
  let height = 0;
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > b.length) break;
    const tag = v.getUint16(at, little);
    const type = v.getUint16(at + 2, little);
    const value = type === 3 ? v.getUint16(at + 8, little) : v.getUint32(at + 8, little);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return valid(width, height) ? { format: 'TIFF', width, height } : null;
}

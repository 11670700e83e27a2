/**
 * Byte-level formats the registry recognises: images by their magic bytes (the formats Pillow names
 * PNG, JPEG, GIF, BMP, TIFF, WEBP) and numpy `.npy` files by their header.
 */
import { RegistryError } from '#shared/errors';
import type { RegistryNdArray } from './registry';

export interface ImageFormat {
  /** Pillow's format name, also the extension of `image_file.<FORMAT>`. */
  format: string;
  /** The Pillow class the Python side records for it. */
  className: string;
}

const IMAGE_FORMATS: Record<string, ImageFormat> = {
  PNG: { format: 'PNG', className: 'PIL.PngImagePlugin.PngImageFile' },
  JPEG: { format: 'JPEG', className: 'PIL.JpegImagePlugin.JpegImageFile' },
  GIF: { format: 'GIF', className: 'PIL.GifImagePlugin.GifImageFile' },
  BMP: { format: 'BMP', className: 'PIL.BmpImagePlugin.BmpImageFile' },
  TIFF: { format: 'TIFF', className: 'PIL.TiffImagePlugin.TiffImageFile' },
  WEBP: { format: 'WEBP', className: 'PIL.WebPImagePlugin.WebPImageFile' },
};

/** How many leading bytes `detectImageFormat` needs to decide (a BMP's header sizes end at byte 18). */
export const MAGIC_BYTES_NEEDED = 32;

function startsWith(head: Uint8Array, bytes: number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((b, i) => head[offset + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const u32le = (b: Uint8Array, at: number) =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 2 ** 24;

/** The DIB header sizes Pillow's BMP reader knows (OS/2 core, INFO, V2–V5). */
const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/**
 * "BM" is two common letters, so a BMP needs a sane header too: a known DIB header size, pixel data after
 * the headers, and a file size field that is 0 (some writers leave it so) or covers the headers — and,
 * when the whole payload's size is known, does not exceed it.
 */
function isBmp(head: Uint8Array, totalSize?: number): boolean {
  if (!startsWith(head, ascii('BM')) || head.length < 18) return false;
  const fileSize = u32le(head, 2);
  const dataOffset = u32le(head, 10);
  const dibSize = u32le(head, 14);
  if (!BMP_DIB_SIZES.has(dibSize) || dataOffset < 14 + dibSize) return false;
  if (fileSize !== 0 && fileSize < dataOffset) return false;
  if (totalSize !== undefined && (fileSize > totalSize || dataOffset > totalSize)) return false;
  return true;
}

/** TIFF: a byte-order mark, the magic 42, and a first IFD after the 8-byte header. */
function isTiff(head: Uint8Array): boolean {
  const little = startsWith(head, [0x49, 0x49, 0x2a, 0x00]);
  const big = startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]);
  if ((!little && !big) || head.length < 8) return false;
  const ifd = little ? u32le(head, 4) : ((head[4] << 24) >>> 0) + (head[5] << 16) + (head[6] << 8) + head[7];
  return ifd >= 8;
}

/**
 * The image format of a payload from its first bytes (at least MAGIC_BYTES_NEEDED of them when the
 * payload is that long), or null when it is not an image we know. Full signatures and header sanity
 * decide, never a two-byte prefix: a text file that starts with "BM" is not a bitmap. `totalSize`, when
 * known, lets the header's own size fields be checked against the payload.
 */
export function detectImageFormat(head: Uint8Array, totalSize?: number): ImageFormat | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return IMAGE_FORMATS.PNG;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return IMAGE_FORMATS.JPEG;
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return IMAGE_FORMATS.GIF;
  if (isBmp(head, totalSize)) return IMAGE_FORMATS.BMP;
  if (isTiff(head)) return IMAGE_FORMATS.TIFF;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBPVP8'), 8)) return IMAGE_FORMATS.WEBP;
  return null;
}

/** The format of an `image_file.<EXT>` name written by Pillow (JPG/TIF spelled the short way too). */
export function imageFormatFromFileName(name: string): ImageFormat | null {
  const ext = name.slice(name.lastIndexOf('.') + 1).toUpperCase();
  const aliases: Record<string, string> = { JPG: 'JPEG', TIF: 'TIFF' };
  return IMAGE_FORMATS[aliases[ext] ?? ext] ?? null;
}

const NPY_MAGIC = [0x93, ...ascii('NUMPY')];

export interface NpyHeader {
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  /** Where the array data starts in the file. */
  dataOffset: number;
}

/** Parses a `.npy` header (format versions 1, 2 and 3). Throws RegistryError on anything else. */
export function parseNpyHeader(bytes: Uint8Array, where = 'data.npy'): NpyHeader {
  const fail = (why: string) =>
    new RegistryError(`${where} is not a valid .npy file: ${why}`, { file: where });
  if (!startsWith(bytes, NPY_MAGIC) || bytes.length < 10) throw fail('bad magic');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw fail('truncated header');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else throw fail(`unsupported version ${major}`);
  if (bytes.length < start + headerLen) throw fail('truncated header');
  const encoding = major === 3 ? 'utf-8' : 'latin1';
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLen).toString(encoding);
  const descr = /['"]descr['"]\s*:\s*(['"])(.*?)\1/.exec(header);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr) throw fail(/['"]descr['"]\s*:\s*\[/.test(header) ? 'structured dtype' : 'no descr');
  if (!fortran || !shape) throw fail('incomplete header');
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw fail(`bad shape (${shape[1]})`);
  return { dtype: descr[2], shape: dims, fortranOrder: fortran[1] === 'True', dataOffset: start + headerLen };
}

/** A numpy file as a RegistryNdArray (`bytes` holds the raw array data after the header). */
export function decodeNpy(bytes: Buffer, where?: string): RegistryNdArray {
  const header = parseNpyHeader(bytes, where);
  return {
    kind: 'ndarray',
    dtype: header.dtype,
    shape: header.shape,
    fortranOrder: header.fortranOrder,
    bytes: bytes.subarray(header.dataOffset),
  };
}

/** Object arrays ('|O') hold pickles, which this app never unpickles. */
export function isPickledDtype(dtype: string): boolean {
  return /^[|<>=]?O/.test(dtype);
}

import { describe, expect, it } from 'vitest';
import {
  decodeNpy,
  detectImageFormat,
  imageFormatFromFileName,
  isPickledDtype,
  parseNpyHeader,
} from './formats';
import { makeBmp, makeNpy, makePng } from './test-fixtures';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('image detection', () => {
  it('recognises each image format by its magic bytes', () => {
    const cases: Array<[Buffer, string, string]> = [
      [makePng(), 'PNG', 'PIL.PngImagePlugin.PngImageFile'],
      [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'JPEG', 'PIL.JpegImagePlugin.JpegImageFile'],
      [bytes('GIF89a', [1, 0, 1, 0]), 'GIF', 'PIL.GifImagePlugin.GifImageFile'],
      [bytes('GIF87a', [1, 0, 1, 0]), 'GIF', 'PIL.GifImagePlugin.GifImageFile'],
      [makeBmp(), 'BMP', 'PIL.BmpImagePlugin.BmpImageFile'],
      [makeBmp().subarray(0, 32), 'BMP', 'PIL.BmpImagePlugin.BmpImageFile'],
      [bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'TIFF', 'PIL.TiffImagePlugin.TiffImageFile'],
      [bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'TIFF', 'PIL.TiffImagePlugin.TiffImageFile'],
      [bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'WEBP', 'PIL.WebPImagePlugin.WebPImageFile'],
    ];
    for (const [head, format, className] of cases) {
      expect(detectImageFormat(head)).toEqual({ format, className });
    }
  });

  it('does not mistake other bytes for images', () => {
    for (const head of [
      bytes('{"a": 1}'),
      bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '),
      bytes([0x89, 0x50]),
      bytes(''),
      bytes('BMW is a car brand from Munich.'),
      bytes('BM'),
      bytes('BM', [0x46, 0, 0, 0, 0, 0]),
      bytes('II*'),
      bytes([0x49, 0x49, 0x2a, 0x00], 'xx'),
      bytes('RIFF', [0x24, 0, 0, 0], 'WEBPxxxx'),
    ]) {
      expect(detectImageFormat(head)).toBeNull();
    }
  });

  it('checks a BMP header against the payload size when it is known', () => {
    const bmp = makeBmp();
    expect(detectImageFormat(bmp, bmp.length)?.format).toBe('BMP');
    expect(detectImageFormat(bmp.subarray(0, 32), 40)).toBeNull(); // the header claims 62 bytes
    const noSize = Buffer.from(bmp);
    noSize.writeUInt32LE(0, 2); // writers that leave the size field at 0
    expect(detectImageFormat(noSize, noSize.length)?.format).toBe('BMP');
    const badDib = Buffer.from(bmp);
    badDib.writeUInt32LE(41, 14);
    expect(detectImageFormat(badDib)).toBeNull();
  });

  it('maps image_file names to formats', () => {
    expect(imageFormatFromFileName('image_file.PNG')?.format).toBe('PNG');
    expect(imageFormatFromFileName('image_file.jpg')?.format).toBe('JPEG');
    expect(imageFormatFromFileName('image_file.tif')?.format).toBe('TIFF');
    expect(imageFormatFromFileName('data.txt')).toBeNull();
  });
});

describe('numpy .npy files', () => {
  it('parses a version 1 header and returns the array data', () => {
    const data = Buffer.alloc(24);
    for (let i = 0; i < 6; i++) data.writeInt32LE(i * 10, i * 4);
    const npy = makeNpy('<i4', [2, 3], data, true);
    const header = parseNpyHeader(npy);
    expect(header).toMatchObject({ dtype: '<i4', shape: [2, 3], fortranOrder: true });
    expect(header.dataOffset % 64).toBe(0);
    const array = decodeNpy(npy);
    expect(array).toMatchObject({ kind: 'ndarray', dtype: '<i4', shape: [2, 3], fortranOrder: true });
    expect(array.bytes.equals(data)).toBe(true);
  });

  it('parses 1-d, 0-d and version 2 headers', () => {
    expect(parseNpyHeader(makeNpy('|u1', [5], Buffer.alloc(5))).shape).toEqual([5]);
    expect(parseNpyHeader(makeNpy('<f8', [], Buffer.alloc(8))).shape).toEqual([]);
    const header = "{'descr': '>f4', 'fortran_order': False, 'shape': (7, 1), }      \n";
    const v2 = Buffer.alloc(12 + header.length);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]).copy(v2);
    v2.writeUInt32LE(header.length, 8);
    v2.write(header, 12, 'latin1');
    expect(parseNpyHeader(v2)).toEqual({
      dtype: '>f4',
      shape: [7, 1],
      fortranOrder: false,
      dataOffset: v2.length,
    });
  });

  it('refuses broken files and flags object arrays', () => {
    expect(() => parseNpyHeader(Buffer.from('not numpy'))).toThrow(/not a valid \.npy/);
    const structured = makeNpy("[('a', '<i4')]", [1], Buffer.alloc(4))
      .toString('latin1')
      .replace("'[(", '[(');
    expect(() => parseNpyHeader(Buffer.from(structured, 'latin1'))).toThrow(/not a valid \.npy/);
    expect(isPickledDtype('|O')).toBe(true);
    expect(isPickledDtype('<f8')).toBe(false);
  });
});

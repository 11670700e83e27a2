/** Image headers of real files written by Pillow (fixtures/make-fixtures.py), and things that only look alike. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header';
import { tinyPng } from './png-encode';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));

describe('readImageHeader', () => {
  it.each([
    ['image.png', 'PNG'],
    ['image.jpg', 'JPEG'],
    ['image-progressive.jpg', 'JPEG'],
    ['image.gif', 'GIF'],
    ['image.bmp', 'BMP'],
    ['image.webp', 'WEBP'],
    ['image-lossless.webp', 'WEBP'],
    ['image.tif', 'TIFF'],
  ])('reads %s as %s, 37 × 23', (name, format) => {
    expect(readImageHeader(fixture(name))).toEqual({ format, width: 37, height: 23 });
  });

  it('reads the PNGs the app draws', () => {
    const png = tinyPng(64, 48, () => [10, 20, 30]);
    expect(readImageHeader(png)).toEqual({ format: 'PNG', width: 64, height: 48 });
  });

  it('refuses text and truncated headers that merely start like an image', () => {
    const text = Buffer.from('BMW is a car brand from Munich, founded in 1916; its logo is blue and white.');
    expect(readImageHeader(text)).toBeNull();
    expect(readImageHeader(Buffer.from('GIF89a'))).toBeNull();
    expect(readImageHeader(fixture('image.png').subarray(0, 20))).toBeNull();
    expect(readImageHeader(fixture('image.jpg').subarray(0, 12))).toBeNull();
    expect(readImageHeader(Buffer.alloc(0))).toBeNull();
    const zeroWidth = Buffer.from(fixture('image.gif'));
    zeroWidth.writeUInt16LE(0, 6);
    expect(readImageHeader(zeroWidth)).toBeNull();
  });
});

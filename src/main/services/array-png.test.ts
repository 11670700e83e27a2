/** Numpy image arrays drawn as PNG: size, channels and pixel order (C and Fortran) survive. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../engine';
import { makeNpy } from '../engine/registries/test-fixtures';
import { drawArrayAsPng } from './array-png';

/** The raw rows of an 8-bit PNG without filters (as encodePng writes it), filter bytes removed. */
function pixelsOf(png: Buffer, width: number, channels: number): number[] {
  const idat = png.indexOf('IDAT');
  const length = png.readUInt32BE(idat - 4);
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
  const out: number[] = [];
  const stride = width * channels + 1;
  for (let row = 0; row * stride < raw.length; row++)
    out.push(...raw.subarray(row * stride + 1, (row + 1) * stride));
  return out;
}

describe('drawArrayAsPng', () => {
  it('draws a height × width × 3 array row by row', () => {
    const data = Buffer.from(Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10));
    const png = drawArrayAsPng(makeNpy('|u1', [2, 3, 3], data));
    expect(readImageHeader(png)).toEqual({ format: 'PNG', width: 3, height: 2 });
    expect(pixelsOf(png, 3, 3)).toEqual([...data]);
  });

  it('draws a gray array, and reorders a Fortran-order one', () => {
    const gray = drawArrayAsPng(makeNpy('|u1', [2, 2], Buffer.from([1, 2, 3, 4])));
    expect(pixelsOf(gray, 2, 1)).toEqual([1, 2, 3, 4]);
    // Column-major storage of [[1, 2], [3, 4]] is 1, 3, 2, 4.
    const fortran = drawArrayAsPng(makeNpy('|u1', [2, 2], Buffer.from([1, 3, 2, 4]), true));
    expect(pixelsOf(fortran, 2, 1)).toEqual([1, 2, 3, 4]);
  });
});

/** Draws an 8-bit numpy image array (height × width, with 1, 3 or 4 channels) as a PNG. */
import { decodeNpy, encodePng } from '../engine';

export function drawArrayAsPng(npy: Buffer): Buffer {
  const array = decodeNpy(npy);
  const [height, width, channels = 1] = array.shape;
  if (!array.fortranOrder) return encodePng(width, height, channels, array.bytes);
  // Column-major: element (y, x, c) sits at y + height * (x + width * c).
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        pixels[(y * width + x) * channels + c] = array.bytes[y + height * (x + width * c)];
  return encodePng(width, height, channels, pixels);
}

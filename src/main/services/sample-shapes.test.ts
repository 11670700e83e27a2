import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultSampleConfig, planSample, renderSampleImage } from './sample-shapes';

describe('sample shapes', () => {
  const config = defaultSampleConfig();

  it('plans the same dataset every time, with every case the strategies need', () => {
    const plan = planSample(config);
    expect(planSample(config)).toEqual(plan);
    expect(plan).toHaveLength(config.images);
    expect(new Set(plan.map((p) => p.shape))).toEqual(new Set(config.classes.map((c) => c.name)));
    expect(new Set(plan.map((p) => p.split))).toEqual(new Set(['train', 'val', 'test']));
    const unlabelled = plan.filter((p) => p.labels.length === 0).length;
    const relabelled = plan.filter((p) => p.labels.length === 2);
    expect(unlabelled / plan.length).toBeGreaterThan(0.05);
    expect(unlabelled / plan.length).toBeLessThan(0.3);
    expect(relabelled.length).toBeGreaterThan(20);
    expect(relabelled.every((p) => p.labels[0].version === 'v1' && p.labels[1].version === 'v2')).toBe(true);
    // v1 is wrong sometimes and v2 fixes some of those: `latest` and `earliest` disagree on real rows.
    expect(relabelled.some((p) => p.labels[0].label !== p.labels[1].label)).toBe(true);
    const labels = plan.flatMap((p) => p.labels);
    expect(labels.some((l) => l.box)).toBe(true);
    expect(labels.some((l) => !l.box)).toBe(true);
    for (const p of plan) {
      expect(p.box.x + p.box.width).toBeLessThanOrEqual(config.width);
      expect(p.box.y + p.box.height).toBeLessThanOrEqual(config.height);
    }
  });

  it('draws a valid PNG with the shape in its class colour over the background', () => {
    const [image] = planSample(config, 1);
    const png = renderSampleImage(image, config.width, config.height);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(config.width);
    expect(png.readUInt32BE(20)).toBe(config.height);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const pixel = (x: number, y: number) => {
      const o = y * (config.width * 3 + 1) + 1 + x * 3;
      return [raw[o], raw[o + 1], raw[o + 2]];
    };
    const centre = pixel(
      Math.floor(image.box.x + image.box.width / 2),
      Math.floor(image.box.y + image.box.height / 2),
    );
    expect(centre).toEqual(image.colour);
    expect(pixel(0, 0)).not.toEqual(image.colour);
  });
});

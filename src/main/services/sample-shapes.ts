/**
 * The synthetic "shapes" dataset: a deterministic plan (which image shows which shape, which images get
 * labels from which model version, which labels get boxes) and the PNG for each image, drawn in code.
 * Inputs (class names, colours, fractions) live in resources/sample-dataset.json.
 */
import { z } from 'zod';
import sampleConfig from '../../../resources/sample-dataset.json' with { type: 'json' };
import { tinyPng } from '../engine';

const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);
const fraction = z.number().min(0).max(1);

export const sampleConfigSchema = z.object({
  project: z.string().min(1),
  images: z.number().int().min(1),
  width: z.number().int().min(16).max(512),
  height: z.number().int().min(16).max(512),
  seed: z.number().int(),
  classes: z.array(z.object({ name: z.string().min(1), colour: rgb })).min(2),
  backgrounds: z.array(z.object({ name: z.string().min(1), colour: rgb })).min(1),
  splits: z.array(z.object({ name: z.string().min(1), weight: z.number().positive() })).min(1),
  unlabelledFraction: fraction,
  classifier: z.object({
    name: z.string().min(1),
    v1: z.object({ version: z.string(), accuracy: fraction }),
    v2: z.object({ version: z.string(), accuracy: fraction, relabelFraction: fraction }),
  }),
  detector: z.object({ name: z.string().min(1), version: z.string(), fraction }),
});
export type SampleConfig = z.output<typeof sampleConfigSchema>;

export function defaultSampleConfig(): SampleConfig {
  return sampleConfigSchema.parse(sampleConfig);
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlannedLabel {
  label: string;
  confidence: number;
  version: string;
  /** A box derived from this label, or null when the detector skipped it. */
  box: Box | null;
}

export interface PlannedImage {
  index: number;
  filename: string;
  shape: string;
  colour: [number, number, number];
  background: { name: string; colour: [number, number, number] };
  split: string;
  /** Where the shape sits: its bounding box in pixels. */
  box: Box;
  tags: string[];
  /** Oldest first: the v1 label, then (on some images) the v2 label. Empty for unlabelled images. */
  labels: PlannedLabel[];
}

/** mulberry32: a tiny seeded PRNG, so the same config always yields the same dataset. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planSample(config: SampleConfig, imageCount = config.images): PlannedImage[] {
  const rand = seededRandom(config.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  const classNames = config.classes.map((c) => c.name);
  const splitTotal = config.splits.reduce((s, x) => s + x.weight, 0);
  const pickSplit = () => {
    let r = rand() * splitTotal;
    for (const s of config.splits) {
      r -= s.weight;
      if (r < 0) return s.name;
    }
    return config.splits[config.splits.length - 1].name;
  };
  const predict = (truth: string, accuracy: number, lo: number) => {
    const correct = rand() < accuracy;
    const label = correct ? truth : pick(classNames.filter((n) => n !== truth));
    return { label, confidence: round3(correct ? between(lo, 0.99) : between(0.35, lo)) };
  };
  const plan: PlannedImage[] = [];
  for (let index = 0; index < imageCount; index++) {
    const cls = config.classes[index % config.classes.length];
    const background = pick(config.backgrounds);
    const minSide = Math.min(config.width, config.height);
    const side = Math.round(between(0.25, 0.6) * minSide);
    const box = {
      x: Math.round(between(2, config.width - side - 2)),
      y: Math.round(between(2, config.height - side - 2)),
      width: side,
      height: side,
    };
    const labels: PlannedLabel[] = [];
    if (rand() >= config.unlabelledFraction) {
      const { v1, v2 } = config.classifier;
      labels.push({ ...predict(cls.name, v1.accuracy, 0.55), version: v1.version, box: null });
      if (rand() < v2.relabelFraction)
        labels.push({ ...predict(cls.name, v2.accuracy, 0.8), version: v2.version, box: null });
      for (const label of labels) {
        if (rand() < config.detector.fraction) label.box = jitter(box, rand, config.width, config.height);
      }
    }
    plan.push({
      index,
      filename: `shape-${String(index + 1).padStart(4, '0')}.png`,
      shape: cls.name,
      colour: cls.colour,
      background,
      split: pickSplit(),
      box,
      tags: ['synthetic', background.name, side >= minSide * 0.45 ? 'large' : 'small'],
      labels,
    });
  }
  return plan;
}

function jitter(box: Box, rand: () => number, w: number, h: number): Box {
  const d = () => Math.round((rand() - 0.5) * 4);
  const x = Math.max(0, box.x + d());
  const y = Math.max(0, box.y + d());
  return { x, y, width: Math.min(w - x, box.width + d()), height: Math.min(h - y, box.height + d()) };
}

/** Draws the planned image: the shape in its class colour on a lightly noisy background. */
export function renderSampleImage(image: PlannedImage, width: number, height: number): Buffer {
  const { box, colour, shape } = image;
  const noise = seededRandom(image.index * 7919 + 1);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const r = box.width / 2;
  const inside = (px: number, py: number): boolean => {
    const dx = px - cx;
    const dy = py - cy;
    switch (shape) {
      case 'circle':
        return dx * dx + dy * dy <= r * r;
      case 'square':
        return Math.abs(dx) <= r && Math.abs(dy) <= r;
      case 'triangle':
        // Apex at the top, base at the bottom of the box.
        return dy >= -r && dy <= r && Math.abs(dx) <= ((dy + r) / (2 * r)) * r;
      case 'cross':
        return (Math.abs(dx) <= r && Math.abs(dy) <= r / 3) || (Math.abs(dy) <= r && Math.abs(dx) <= r / 3);
      default:
        // An unknown class name from a custom config: a diamond.
        return Math.abs(dx) + Math.abs(dy) <= r;
    }
  };
  const [br, bg, bb] = image.background.colour;
  return tinyPng(width, height, (x, y) => {
    if (inside(x + 0.5, y + 0.5)) return colour;
    const n = Math.round((noise() - 0.5) * 16);
    return [clamp(br + n), clamp(bg + n), clamp(bb + n)];
  });
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, v));
}

/**
 * Dataset export throughput against a plain copy of the same files (goal ≥ 70%, product.md): a file
 * registry of N generated PNGs (about 20 kB each, one registry datum each, derived from an inline image
 * datum as in the sample dataset); the plain copy copies exactly the exported pictures' registry files with
 * the same concurrency; the export is the app's dataset export of those images (pictures, inline JSON,
 * manifest). Both write to fresh folders on the same disk.
 *   npm run bench -- --only=export [--export-images=2000] [--runs=3]
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Datalake, FilePayload, tinyPng } from '../src/main/engine';
import { exportDataset } from '../src/main/services/export/dataset-export';
import type { Progress } from '../src/main/services/job-progress';
import { fmt, median } from './measure';

export interface ExportReport {
  machine: string;
  date: string;
  runs: number;
  /** Load averages (1, 5, 15 min) at the start and the end: other work on the machine skews the times. */
  load: { before: string; after: string };
  images: number;
  bytes: number;
  plainMs: number;
  exportMs: number;
  /** Export throughput as a share of the plain copy's (plainMs / exportMs). */
  share: number;
}

const noProgress = Object.assign(() => {}, { bytes() {}, message() {}, itemError() {} }) as Progress;

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

export async function benchDatasetExport(
  images: number,
  runs: number,
  machine: string,
): Promise<ExportReport> {
  const before = loads();
  const scratch = await mkdtemp(join(tmpdir(), 'dl-bench-export-'));
  try {
    const registry = pathToFileURL(join(scratch, 'registry')).href;
    const dl = await Datalake.open({ embeddedPath: join(scratch, 'lake') });
    const files = join(scratch, 'files');
    await mkdir(files);
    const inline = await dl.addData(
      Array.from({ length: images }, (_, i) => ({ data: { type: 'image', filename: `img-${i}.png` } })),
    );
    let bytes = 0;
    for (let i = 0; i < images; i += 500) {
      const batch = inline.slice(i, i + 500);
      await Promise.all(
        batch.map(async (img, k) => {
          // ~20 kB of noise-ish pixels so compression does not make the files tiny.
          const png = tinyPng(96, 72, (x, y) => [
            (x * 31 + y * 7 + i + k) & 255,
            (x * y + k) & 255,
            (x ^ y ^ k) & 255,
          ]);
          bytes += png.length;
          await writeFile(join(files, `${img.id}.png`), png);
        }),
      );
      await dl.addData(
        batch.map((img) => ({
          data: new FilePayload(join(files, `${img.id}.png`)),
          derivedFrom: img.id,
          registryUri: registry,
        })),
      );
    }
    const query = [{ 'data.type': 'image', column: 'image_id' }];
    const sources = (await readdir(join(scratch, 'registry'), { recursive: true }))
      .filter((f) => f.endsWith('image_file.PNG'))
      .map((f) => join(scratch, 'registry', f));

    let round = 0;
    const plain = await median(runs, async () => {
      const dest = join(scratch, `plain-${round++}`);
      await mkdir(dest);
      let next = 0;
      const worker = async () => {
        while (next < sources.length) {
          const i = next++;
          await copyFile(sources[i], join(dest, `${i}.png`));
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    });
    const exported = await median(runs, async () => {
      const folder = join(scratch, `export-${round++}`);
      const outcome = await exportDataset(
        dl,
        { query, columns: ['image_id'] },
        folder,
        { connection: { name: 'bench', kind: 'embedded' }, app: { name: 'bench', version: '0' } },
        new AbortController().signal,
        noProgress,
      );
      if (outcome.failed > 0 || outcome.rows !== images)
        throw new Error(`export incomplete: ${JSON.stringify(outcome)}`);
    });
    await dl.close();
    return {
      machine,
      date: new Date().toISOString(),
      runs,
      load: { before, after: loads() },
      images,
      bytes,
      plainMs: plain.ms,
      exportMs: exported.ms,
      share: plain.ms / exported.ms,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function renderDatasetExport(r: ExportReport): string {
  const perSecond = (ms: number) => Math.round(r.images / (ms / 1000)).toLocaleString('en');
  return [
    '## Dataset export (embedded store, file registry)',
    '',
    `Measured ${r.date} on ${r.machine}, median of ${r.runs} runs; load average ${r.load.before} at the start, ${r.load.after} at the end.`,
    `${r.images.toLocaleString('en')} images (PNG, ${(r.bytes / 2 ** 20).toFixed(1)} MiB in all), each an inline image datum with its picture in a registry child.`,
    '',
    '| copy | time | pictures/s | share of the plain copy | budget (≥ 70%) |',
    '|---|---:|---:|---:|---|',
    `| plain copy of the registry files (8 at a time) | ${fmt(r.plainMs)} | ${perSecond(r.plainMs)} | 100% | |`,
    `| dataset export (pictures, inline JSON, manifest) | ${fmt(r.exportMs)} | ${perSecond(r.exportMs)} | ${(r.share * 100).toFixed(0)}% | ${r.share >= 0.7 ? 'met' : 'MISSED'} |`,
    '',
    '`npm run bench -- --only=export [--export-images=2000]`.',
    '',
  ].join('\n');
}

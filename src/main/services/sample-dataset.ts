/**
 * "Load sample dataset": fills an empty datalake with the synthetic shapes set, as a job.
 * Each image is an inline datum `{type: 'image', ...}` (so `data.type` filters and the overview see it)
 * with its PNG stored in the connection's local registry as a derived datum; labels derive from images
 * (v1, then v2 on some images), boxes derive from some labels, and some images stay unlabelled.
 * A cancelled or failed load removes what it wrote, so the datalake is empty again.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SampleLoadResult } from '#shared/contract';
import { CancelledError, InvalidInputError } from '#shared/errors';
import { type Datum, FilePayload, type NewDatum } from '../engine';
import type { JobRunner, Progress, StartOptions } from './jobs';
import { toTypeCounts } from './overview-service';
import type { LakeSource, SampleLake } from './ports';
import {
  defaultSampleConfig,
  type PlannedImage,
  planSample,
  renderSampleImage,
  type SampleConfig,
} from './sample-shapes';

export const SAMPLE_JOB_KIND = 'sample.load' as const;
const BATCH = 100;

export class SampleDatasetService {
  constructor(
    private readonly lakes: Pick<LakeSource<SampleLake>, 'acquire'>,
    private readonly jobs: JobRunner,
    private readonly config: SampleConfig = defaultSampleConfig(),
  ) {}

  /** Checks the datalake is empty, then starts the load job. */
  async start(options: { images?: number } = {}, job: StartOptions = {}): Promise<string> {
    const lease = await this.lakes.acquire();
    try {
      await assertEmpty(lease.datalake);
    } catch (err) {
      lease.release();
      throw err;
    }
    const registryUri = lease.connection.registryUri;
    if (!registryUri) {
      lease.release();
      throw new InvalidInputError(
        `The connection "${lease.connection.name}" has no local registry for the sample images`,
      );
    }
    // The job keeps its lease, so switching connections mid-load does not close this datalake under it.
    return this.jobs.start(
      SAMPLE_JOB_KIND,
      (signal, progress) =>
        loadSample(lease.datalake, registryUri, this.config, options.images, signal, progress).finally(() =>
          lease.release(),
        ),
      job,
    );
  }
}

async function assertEmpty(dl: SampleLake): Promise<void> {
  const count = await dl.count();
  if (count > 0) {
    throw new InvalidInputError(
      `The sample dataset loads only into an empty datalake; this one holds ${count.toLocaleString('en-US')} datum${count === 1 ? '' : 's'}`,
      { count },
    );
  }
}

export async function loadSample(
  dl: SampleLake,
  registryUri: string,
  config: SampleConfig,
  imageCount: number | undefined,
  signal: AbortSignal,
  progress: Progress,
): Promise<SampleLoadResult> {
  await assertEmpty(dl);
  if (registryUri.startsWith('file:')) await mkdir(fileURLToPath(registryUri), { recursive: true });
  const plan = planSample(config, imageCount ?? config.images);
  const labels = plan.flatMap((img) => img.labels.map((label) => ({ img, label })));
  const boxes = labels.filter((l) => l.label.box);
  const total = plan.length * 2 + labels.length + boxes.length;
  const written: Datum[] = [];
  const scratch = await mkdtemp(join(tmpdir(), 'datalake-sample-'));
  let done = 0;
  const insert = async (items: NewDatum[], what: string): Promise<Datum[]> => {
    const out: Datum[] = [];
    for (let i = 0; i < items.length; i += BATCH) {
      if (signal.aborted) throw new CancelledError('The sample dataset load was cancelled');
      const datums = await dl.addData(items.slice(i, i + BATCH));
      written.push(...datums);
      out.push(...datums);
      done += datums.length;
      progress(
        done,
        total,
        `Adding ${what} (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} datums)`,
      );
    }
    return out;
  };

  try {
    const pngs: Buffer[] = [];
    for (const img of plan) {
      if (img.index % 50 === 0) {
        if (signal.aborted) throw new CancelledError('The sample dataset load was cancelled');
        progress(0, total, `Drawing images (${img.index} of ${plan.length})`);
      }
      pngs.push(renderSampleImage(img, config.width, config.height));
    }
    const images = await insert(
      plan.map((img, i) => ({
        data: imageData(img, pngs[i], config),
        metadata: { project: config.project, split: img.split, tags: img.tags },
      })),
      'images',
    );
    // Files (not raw bytes) so the registry stores them as images (Pillow's materializer, either generation).
    for (const [i, img] of plan.entries()) await writeFile(join(scratch, img.filename), pngs[i]);
    await insert(
      plan.map((img, i) => ({
        data: new FilePayload(join(scratch, img.filename)),
        metadata: { role: 'image-file', filename: img.filename },
        registryUri,
        derivedFrom: images[i].id,
      })),
      'image files',
    );
    // Oldest model first, with a gap, so `latest` and `earliest` pick different labels.
    const labelIds = new Map<object, string>();
    for (const version of [config.classifier.v1.version, config.classifier.v2.version]) {
      const these = labels.filter((l) => l.label.version === version);
      const added = await insert(
        these.map(({ img, label }) => ({
          data: { type: 'classification', label: label.label, confidence: label.confidence },
          metadata: { model: config.classifier.name, model_version: version },
          derivedFrom: images[img.index].id,
        })),
        `${version} labels`,
      );
      for (const [i, l] of these.entries()) labelIds.set(l.label, added[i].id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await insert(
      boxes.map(({ label }) => ({
        data: { type: 'bbox', label: label.label, ...label.box },
        metadata: { model: config.detector.name, model_version: config.detector.version },
        derivedFrom: labelIds.get(label),
      })),
      'bounding boxes',
    );
  } catch (err) {
    // The engine deletes the documents, then their registry objects. Best effort: a half-loaded sample
    // would block the next attempt ("not empty"), but the error to report is the one that stopped the load.
    await dl.deleteData(written.map((d) => d.id)).catch(() => {});
    throw err;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const counts = new Map<string | null, number>();
  for (const d of written) {
    const type = (d.data as { type?: unknown } | null)?.type;
    const key = typeof type === 'string' ? type : null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    images: plan.length,
    classifications: labels.length,
    bboxes: boxes.length,
    unlabelled: plan.filter((img) => img.labels.length === 0).length,
    total: written.length,
    registryUri,
    countsByType: toTypeCounts([...counts].map(([value, count]) => ({ value, count }))),
  };
}

function imageData(img: PlannedImage, png: Buffer, config: SampleConfig) {
  return {
    type: 'image',
    filename: img.filename,
    width: config.width,
    height: config.height,
    format: 'PNG',
    size: png.length,
    sha256: createHash('sha256').update(png).digest('hex'),
  };
}

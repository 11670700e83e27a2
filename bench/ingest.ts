/**
 * Ingestion benchmarks (product budget: 10k small images into a file registry at ≥ 70% of a plain copy's
 * throughput; a 2 GB file with flat memory).
 * - Throughput: the same 10k PNG files (a few KB each) copied with `cp -r`, copied with per-file fsync
 *   (what a crash-safe copy pays), and ingested by the app's own planning and job (prepareIngest +
 *   runIngest, the concurrency the app uses) into a fresh embedded store with a file registry on the same
 *   disk. Medians of the runs, alternating, fresh destinations each run.
 * - Memory: a child process receives a 2 GB file as the web host receives an upload (streamed to a temp
 *   file), then ingests it; its RSS is sampled every 20 ms.
 */
import { execFileSync, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { ingestOptionsSchema } from '#shared/contract';
import { Datalake } from '../src/main/engine';
import { runIngest } from '../src/main/services/ingest/ingest-job';
import { ingestConcurrency, prepareIngest } from '../src/main/services/ingest/prepare';
import { fakeProgress } from '../src/main/services/ingest/progress-sink';
import { writeManyImages } from '../src/main/services/ingest/test-fixtures';

export interface Throughput {
  ms: number;
  filesPerSec: number;
  mbPerSec: number;
  all: number[];
}

export interface MemoryReport {
  fileBytes: number;
  /** RSS once the store is open (PGlite's WebAssembly memory is most of it). */
  baselineRssMb: number;
  upload: { ms: number; startRssMb: number; peakRssMb: number };
  ingest: {
    ms: number;
    startRssMb: number;
    peakRssMb: number;
    peakHeapMb: number;
    peakArrayBuffersMb: number;
  };
}

export interface IngestReport {
  kind: 'ingest';
  machine: string;
  date: string;
  runs: number;
  files: number;
  bytes: number;
  concurrency: number;
  copy: Throughput;
  durableCopy: Throughput;
  /** The registry layout's files alone (two folders, payload, YAML per image), unflushed, no store. */
  layoutOnly?: Throughput;
  ingest: Throughput & { planMs: number; datums: number };
  memory: MemoryReport | null;
  /** When `memory` was measured, if not in this run (a run with --ingest-memory-gb=0 keeps the last one). */
  memoryDate?: string;
  loadBefore: number[];
  loadAfter: number[];
}

export async function benchIngest(options: {
  files: number;
  runs: number;
  memoryBytes: number;
  machine: string;
}): Promise<IngestReport> {
  const scratch = await mkdtemp(join(tmpdir(), 'dl-bench-ingest-'));
  try {
    return await measure({ ...options, scratch });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function measure(options: {
  scratch: string;
  files: number;
  runs: number;
  memoryBytes: number;
  machine: string;
}): Promise<IngestReport> {
  const loadBefore = loadavg();
  const src = join(options.scratch, 'ingest-src');
  await writeManyImages(src, options.files, 'photos', 48);
  const photos = join(src, 'photos');
  const bytes = await folderBytes(photos);
  const copies: number[] = [];
  const durable: number[] = [];
  const layout: number[] = [];
  const ingests: number[] = [];
  const plans: number[] = [];
  let datums = 0;
  let concurrency = 0;
  for (let run = 0; run < options.runs; run++) {
    const dir = await mkdtemp(join(options.scratch, 'ingest-run-'));
    let t = performance.now();
    execFileSync('cp', ['-r', photos, join(dir, 'copy')]);
    copies.push(performance.now() - t);

    t = performance.now();
    await durableCopy(photos, join(dir, 'durable'));
    durable.push(performance.now() - t);

    t = performance.now();
    await layoutCopy(photos, join(dir, 'layout'));
    layout.push(performance.now() - t);

    const dl = await Datalake.open({ embeddedPath: join(dir, 'store') });
    try {
      const registryUri = pathToFileURL(join(dir, 'registry')).href;
      const options_ = ingestOptionsSchema.parse({
        sources: [{ kind: 'path', path: photos }],
        target: { kind: 'registry', uri: registryUri },
      });
      t = performance.now();
      const prepared = await prepareIngest(dl, options_, { host: 'electron', upload: noUploads });
      const planned = performance.now();
      concurrency = ingestConcurrency(prepared.registryUri);
      const result = await runIngest({
        dl,
        drop: prepared.drop,
        planProblems: prepared.problems,
        options: options_,
        batchId: prepared.batchId,
        registryUri: prepared.registryUri,
        concurrency,
        signal: new AbortController().signal,
        progress: fakeProgress(),
      });
      ingests.push(performance.now() - t);
      plans.push(planned - t);
      if (result.written !== options.files)
        throw new Error(`ingested ${result.written} of ${options.files} files`);
      datums = result.datums;
    } finally {
      await dl.close();
      await rm(dir, { recursive: true, force: true });
    }
    console.log(
      `ingest bench run ${run + 1}: cp -r ${copies.at(-1)!.toFixed(0)} ms, durable copy ${durable.at(-1)!.toFixed(0)} ms, layout only ${layout.at(-1)!.toFixed(0)} ms, ingest ${ingests.at(-1)!.toFixed(0)} ms`,
    );
  }
  const memory = options.memoryBytes > 0 ? await benchMemory(options.scratch, options.memoryBytes) : null;
  await rm(src, { recursive: true, force: true });
  return {
    kind: 'ingest',
    machine: options.machine,
    date: new Date().toISOString(),
    runs: options.runs,
    files: options.files,
    bytes,
    concurrency,
    copy: throughput(copies, options.files, bytes),
    durableCopy: throughput(durable, options.files, bytes),
    layoutOnly: throughput(layout, options.files, bytes),
    ingest: { ...throughput(ingests, options.files, bytes), planMs: median(plans), datums },
    memory,
    loadBefore,
    loadAfter: loadavg(),
  };
}

const noUploads = () => {
  throw new Error('no uploads in the bench');
};

/** Each file copied, flushed, and its folder entry made durable: the least a crash-safe copy does. */
async function durableCopy(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const names = await readdir(from);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      await copyFile(join(from, name), join(to, name));
      const handle = await open(join(to, name), 'r+');
      await handle.sync();
      await handle.close();
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const dir = await open(to, 'r');
  await dir.sync();
  await dir.close();
}

/**
 * What the registry layout alone costs the file system, with nothing flushed and no store: per image the
 * folders `<key>/1.0.0/`, the payload file in it and the YAML file beside it (4 new inodes against the
 * plain copy's 1), 4 at a time. No ingestion into this layout can be faster than this line.
 */
async function layoutCopy(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const names = await readdir(from);
  const yaml = Buffer.alloc(600, 0x61);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const dir = join(to, `key-${i}`, '1.0.0');
      await mkdir(dir, { recursive: true });
      await copyFile(join(from, names[i]), join(dir, 'image_file.PNG'));
      await writeFile(join(to, `_meta_key-${i}@1.0.0.yaml`), yaml);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function throughput(times: number[], files: number, bytes: number): Throughput {
  const ms = median(times);
  return { ms, filesPerSec: (files / ms) * 1000, mbPerSec: (bytes / 1024 ** 2 / ms) * 1000, all: times };
}

/** Writes a large file of varied bytes (not sparse, not all zeros) and runs the memory child on it. */
async function benchMemory(scratch: string, size: number): Promise<MemoryReport> {
  const dir = await mkdtemp(join(scratch, 'ingest-memory-'));
  const file = join(dir, 'big.bin');
  try {
    const chunk = Buffer.alloc(8 * 1024 ** 2);
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
    async function* body() {
      for (let written = 0; written < size; written += chunk.length) {
        chunk.writeUInt32LE(written >>> 0, 0);
        yield chunk.subarray(0, Math.min(chunk.length, size - written));
      }
    }
    await pipeline(body(), createWriteStream(file));
    const child = fork(join(import.meta.dirname, 'ingest-memory-child.ts'), [file, dir], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const report = await new Promise<MemoryReport>((resolve, reject) => {
      child.once('message', (m) => resolve(m as MemoryReport));
      child.once('exit', (code) => reject(new Error(`the memory child exited (${code}) without a report`)));
    });
    await new Promise((r) => child.once('exit', r));
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

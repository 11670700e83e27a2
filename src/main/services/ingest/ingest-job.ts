/**
 * The ingestion job. Files go in groups (up to 128 small ones, or one large one), a bounded number of
 * groups at a time; each group is one `addData`: the engine writes every payload to the registry first
 * (its YAML commit last), then inserts the group's documents, parents before children. A failed group is
 * retried file by file, so one bad file is reported while the others land. Duplicates (by sha256, through
 * the index on `data.sha256`) are skipped unless the drop says otherwise; what the batch already holds (a
 * re-run after a crash or a cancel) is skipped and the rest linked to it.
 */
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import {
  type IngestOptions,
  type IngestResult,
  type JobItemError,
  MAX_LISTED_ERRORS,
} from '#shared/contract';
import {
  DatalakeError,
  InvalidInputError,
  RegistryError,
  StoreUnavailableError,
  toErrorPayload,
} from '#shared/errors';
import { type Datalake, type NewDatum, newDatumId, StreamPayload } from '../../engine';
import type { Progress } from '../jobs';
import { toTypeCounts } from '../overview-service';
import { batchQuery, loadBatch, templateMetadata } from './batch';
import { type BatchContext, fileComplete, fileDatums } from './file-datums';
import { type FileFacts, readFileFacts, SMALL_FILE_BYTES, streamFacts } from './file-facts';
import { baseName } from './file-kinds';
import type { AnnotationProblem } from './importers/types';
import type { DropPlan, PlannedFile } from './plan-drop';
import { readRecords } from './records';

/**
 * Small files per group (one insert each group) and the bytes they may hold in memory together. A group's
 * registry objects share their flushes (file-write-group.ts), so larger groups flush less per file: 128
 * measured faster than 32 or 64 (bench/RESULTS.md, Ingestion); more holds more in memory for little gain.
 */
const GROUP_FILES = 128;
const GROUP_BYTES = 16 * 1024 ** 2;
/** Records per insert. */
const RECORD_BATCH = 500;
/** After this many files in a row fail on the registry or the store, the job stops (it is gone, not a file). */
const STOP_AFTER_FAILURES = 10;
const ROOTS_LISTED = 12;

export interface IngestJobInput {
  dl: Datalake;
  drop: DropPlan;
  /** Problems found while planning, reported as item errors when the job starts. */
  planProblems: AnnotationProblem[];
  options: IngestOptions;
  batchId: string;
  registryUri: string | null;
  /** Groups written at once. */
  concurrency: number;
  signal: AbortSignal;
  progress: Progress;
  /** Called once the datums of these sources are stored (the crash test's journal). */
  onWritten?: (sources: string[]) => void;
}

interface Tally {
  written: number;
  skippedDuplicates: number;
  skippedInBatch: number;
  failed: number;
  datums: number;
  types: Map<string | null, number>;
  errors: JobItemError[];
  errorCount: number;
  roots: Array<{ id: string; label: string }>;
  doneFiles: number;
  doneBytes: number;
  failuresInARow: number;
  lastFailure: unknown;
}

export async function runIngest(input: IngestJobInput): Promise<IngestResult> {
  const { dl, drop, options, batchId, registryUri, signal, progress } = input;
  const landed = await loadBatch(dl, batchId);
  const resumed = landed.size > 0;
  const template = templateMetadata(options);
  const tally: Tally = {
    written: 0,
    skippedDuplicates: 0,
    skippedInBatch: 0,
    failed: 0,
    datums: 0,
    types: new Map(),
    errors: [],
    errorCount: 0,
    roots: [],
    doneFiles: 0,
    doneBytes: 0,
    failuresInARow: 0,
    lastFailure: null,
  };
  const totalFiles = drop.files.length + drop.recordFiles.length;
  const totalBytes = [...drop.files.map((f) => f.entry), ...drop.recordFiles].reduce((s, e) => s + e.size, 0);
  const report = (message: string) => {
    progress(tally.doneFiles, totalFiles, message);
    progress.bytes(tally.doneBytes, totalBytes);
  };
  const itemError = (item: string, err: unknown) => {
    tally.errorCount++;
    if (tally.errors.length < MAX_LISTED_ERRORS) tally.errors.push({ item, error: toErrorPayload(err) });
    progress.itemError(item, err);
  };
  for (const p of input.planProblems) itemError(p.item, new InvalidInputError(p.message));
  report(resumed ? `Resuming batch ${batchId}: ${landed.size} datums already there` : 'Starting');

  const claimed = new Set<string>();
  const ctx: BatchContext = {
    batchId,
    registryUri: registryUri ?? '',
    derivedFrom: options.derivedFrom,
    template,
  };
  const counts = (items: NewDatum[]) => {
    tally.datums += items.length;
    for (const item of items) {
      const type = item.registryUri ? null : typeOf(item.data);
      tally.types.set(type, (tally.types.get(type) ?? 0) + 1);
    }
  };
  const finishFile = (bytes: number) => {
    tally.doneFiles++;
    tally.doneBytes += bytes;
  };
  const fail = (item: string, err: unknown) => {
    tally.failed++;
    itemError(item, err);
    if (isInfrastructure(err)) {
      tally.failuresInARow++;
      tally.lastFailure = err;
    }
  };
  const succeeded = () => {
    tally.failuresInARow = 0;
  };
  const stopped = () => tally.failuresInARow >= STOP_AFTER_FAILURES;

  /** Bytes of large files streamed to the registry so far (progress while one file takes a while). */
  const streamed = (n: number) => progress.bytes(tally.doneBytes + n, totalBytes);

  // Files (images and others): groups, a few at a time.
  const groups = groupFiles(drop.files);
  let next = 0;
  const worker = async () => {
    while (next < groups.length && !signal.aborted && !stopped()) {
      const group = groups[next++];
      await writeGroup(group);
    }
  };

  async function writeGroup(group: PlannedFile[]): Promise<void> {
    type Ready = { file: PlannedFile; facts: FileFacts };
    const ready: Ready[] = [];
    for (const file of group) {
      if (signal.aborted) return;
      const rel = file.entry.relPath;
      if (fileComplete(file, landed)) {
        tally.skippedInBatch++;
        finishFile(file.entry.size);
        continue;
      }
      try {
        ready.push({ file, facts: await readFileFacts(file.entry.absPath, file.entry.size, signal) });
      } catch (err) {
        if (signal.aborted) return;
        fail(rel, readError(rel, err));
        finishFile(file.entry.size);
      }
    }
    let accepted = ready;
    if (options.duplicates === 'skip') {
      const fresh = ready.filter((r) => !landed.has(r.file.entry.relPath));
      const hashes = [...new Set(fresh.map((r) => r.facts.sha256))];
      const known = new Set(
        (await dl.findByValues('data.sha256', hashes)).map((d) => (d.data as { sha256: string }).sha256),
      );
      accepted = [];
      for (const r of ready) {
        const isFresh = !landed.has(r.file.entry.relPath);
        if (isFresh && (known.has(r.facts.sha256) || claimed.has(r.facts.sha256))) {
          tally.skippedDuplicates++;
          finishFile(r.file.entry.size);
          continue;
        }
        claimed.add(r.facts.sha256);
        accepted.push(r);
      }
    }
    if (accepted.length === 0) {
      report(`Checked ${group[group.length - 1].entry.relPath}`);
      return;
    }
    const build = (r: Ready) =>
      fileDatums(r.file, r.facts, () => payloadOf(r, signal, streamed), ctx, landed);
    // One insert for the whole group; on failure, the files one by one.
    const built: Array<{ r: Ready; datums: ReturnType<typeof build> }> = [];
    for (const r of accepted) {
      try {
        built.push({ r, datums: build(r) });
      } catch (err) {
        fail(r.file.entry.relPath, err);
        finishFile(r.file.entry.size);
      }
    }
    const together = built.flatMap((b) => b.datums.items);
    try {
      if (together.length > 0) await dl.addData(together);
      for (const b of built) landedFile(b.r, b.datums);
      succeeded();
      input.onWritten?.(built.flatMap((b) => b.datums.sources));
    } catch {
      closePayloads(together);
      if (signal.aborted) return;
      await noteLanded(
        built.flatMap((b) => b.datums.items.map((item, i) => ({ item, source: b.datums.sources[i] }))),
      );
      for (const b of built) {
        if (signal.aborted) return;
        let datums: ReturnType<typeof build>;
        try {
          datums = build(b.r);
          await dl.addData(datums.items);
        } catch (fileErr) {
          if (signal.aborted) return;
          fail(b.r.file.entry.relPath, fileErr);
          finishFile(b.r.file.entry.size);
          continue;
        }
        landedFile(b.r, datums);
        succeeded();
        input.onWritten?.(datums.sources);
      }
    }
    report(`Wrote ${group[group.length - 1].entry.relPath}`);
  }

  function landedFile(
    r: { file: PlannedFile; facts: FileFacts },
    datums: ReturnType<typeof fileDatums>,
  ): void {
    tally.written++;
    counts(datums.items);
    datums.items.forEach((item, i) => {
      landed.set(datums.sources[i], { id: item.id!, data: item.data });
    });
    if (datums.newRoot && tally.roots.length < ROOTS_LISTED) {
      tally.roots.push({ id: datums.rootId, label: baseName(r.file.entry.relPath) });
    }
    finishFile(r.file.entry.size);
  }

  /** After a failed insert: which of its datums did land (MongoDB keeps an ordered insert's prefix). */
  async function noteLanded(tried: Array<{ item: NewDatum; source: string }>): Promise<void> {
    const ids = tried.map((t) => t.item.id!);
    const found = ids.length > 0 ? await dl.findData(ids).catch(() => ids.map(() => null)) : [];
    found.forEach((d, i) => {
      if (d) landed.set(tried[i].source, { id: d.id, data: d.data });
    });
  }

  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));

  // Record files, one at a time, in batches of records.
  for (const entry of drop.recordFiles) {
    if (signal.aborted || stopped()) break;
    await writeRecordFile(entry);
  }

  async function writeRecordFile(entry: DropPlan['recordFiles'][number]): Promise<void> {
    const rel = entry.relPath;
    let sha256: string;
    try {
      sha256 = (await streamFacts(entry.absPath, signal)).sha256;
    } catch (err) {
      if (signal.aborted) return;
      fail(rel, readError(rel, err));
      finishFile(entry.size);
      return;
    }
    if (options.duplicates === 'skip') {
      const others = (await dl.findByValues('metadata.source_sha256', [sha256])).filter(
        (d) => d.metadata.ingest_batch !== batchId,
      );
      if (others.length > 0 || claimed.has(sha256)) {
        tally.skippedDuplicates++;
        finishFile(entry.size);
        report(`Skipped ${rel} (already in the datalake)`);
        return;
      }
    }
    claimed.add(sha256);
    let pending: Array<{ item: NewDatum; source: string }> = [];
    const seen = { wrote: 0, there: 0, errors: 0 };
    const flush = async () => {
      const chunk = pending;
      pending = [];
      if (chunk.length === 0) return;
      try {
        await dl.addData(chunk.map((c) => c.item));
        done(chunk);
      } catch {
        if (signal.aborted) return;
        await noteLanded(chunk);
        for (const c of chunk) {
          if (landed.has(c.source)) continue;
          try {
            await dl.addData([{ ...c.item }]);
            done([c]);
          } catch (recordErr) {
            if (signal.aborted) return;
            seen.errors++;
            itemError(`${c.source}`, recordErr);
            if (isInfrastructure(recordErr)) {
              tally.failuresInARow++;
              tally.lastFailure = recordErr;
              if (stopped()) return;
            }
          }
        }
      }
    };
    const done = (chunk: Array<{ item: NewDatum; source: string }>) => {
      seen.wrote += chunk.length;
      succeeded();
      counts(chunk.map((c) => c.item));
      for (const c of chunk) landed.set(c.source, { id: c.item.id!, data: c.item.data });
      if (tally.roots.length < ROOTS_LISTED)
        tally.roots.push({ id: chunk[0].item.id!, label: chunk[0].source });
      input.onWritten?.(chunk.map((c) => c.source));
    };
    try {
      for await (const record of readRecords(entry, signal)) {
        if (signal.aborted || stopped()) return;
        const source = `${rel}${record.key}`;
        if ('error' in record) {
          seen.errors++;
          itemError(source, record.error);
          continue;
        }
        if (landed.has(source)) {
          seen.there++;
          continue;
        }
        pending.push({
          source,
          item: {
            id: newDatumId(),
            data: record.value,
            metadata: { ...template, ingest_batch: batchId, ingest_source: source, source_sha256: sha256 },
            derivedFrom: options.derivedFrom,
            ...(registryUri ? { registryUri } : {}),
          },
        });
        if (pending.length >= RECORD_BATCH) await flush();
      }
      await flush();
    } catch (err) {
      if (signal.aborted) return;
      await flush().catch(() => {});
      fail(rel, err);
      finishFile(entry.size);
      return;
    }
    if (signal.aborted) return;
    if (seen.wrote > 0) tally.written++;
    else if (seen.there > 0 && seen.errors === 0) tally.skippedInBatch++;
    else if (seen.errors > 0) tally.failed++;
    else fail(rel, new InvalidInputError(`${rel} holds no records`, { file: rel }));
    finishFile(entry.size);
    report(`Wrote ${rel}`);
  }

  if (stopped()) {
    const last = toErrorPayload(tally.lastFailure);
    const Stopped = last.code === 'REGISTRY' ? RegistryError : StoreUnavailableError;
    throw new Stopped(
      `Ingestion stopped: ${STOP_AFTER_FAILURES} files in a row failed (${last.message}). What landed stays in batch ${batchId}: drop the same files again to finish.`,
      { batchId, written: tally.written, failed: tally.failed, code: last.code },
    );
  }
  report(
    signal.aborted
      ? 'Cancelled'
      : `Done: ${tally.written} written, ${tally.skippedDuplicates + tally.skippedInBatch} skipped, ${tally.failed} failed`,
  );

  return {
    batchId,
    files: totalFiles,
    written: tally.written,
    skipped: tally.skippedDuplicates + tally.skippedInBatch,
    skippedDuplicates: tally.skippedDuplicates,
    skippedInBatch: tally.skippedInBatch,
    failed: tally.failed,
    datums: tally.datums,
    countsByType: toTypeCounts([...tally.types].map(([value, count]) => ({ value, count }))),
    errors: tally.errors,
    errorCount: tally.errorCount,
    resumed,
    cancelled: signal.aborted,
    roots: tally.roots,
    registryUri,
    query: batchQuery(batchId),
  };
}

/** Small files together up to GROUP_FILES / GROUP_BYTES; a large file in a group of its own. */
export function groupFiles(files: PlannedFile[]): PlannedFile[][] {
  const groups: PlannedFile[][] = [];
  let current: PlannedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (f.entry.size > SMALL_FILE_BYTES) {
      groups.push([f]);
      continue;
    }
    if (current.length >= GROUP_FILES || bytes + f.entry.size > GROUP_BYTES) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.entry.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * A fresh payload for the registry: a small file's bytes from memory; a large one streamed again (its
 * bytes counted for the progress, and the stream ended by a cancel, so a cancel is prompt).
 */
function payloadOf(
  r: { file: PlannedFile; facts: FileFacts },
  signal: AbortSignal,
  onBytes: (n: number) => void,
): StreamPayload {
  const name = baseName(r.file.entry.relPath);
  if (r.facts.bytes) return new StreamPayload(Readable.from([r.facts.bytes]), name);
  let n = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onBytes(n);
      done(null, chunk);
    },
  });
  const source = createReadStream(r.file.entry.absPath, { signal, highWaterMark: 1024 * 1024 });
  source.on('error', (err) => counter.destroy(err));
  counter.on('close', () => source.destroy()); // an abandoned payload releases its file
  return new StreamPayload(source.pipe(counter), name);
}

/** Streams of payloads that were never consumed (a group that failed before its turn). */
function closePayloads(items: NewDatum[]): void {
  for (const item of items) if (item.data instanceof StreamPayload) item.data.stream.destroy();
}

function typeOf(data: unknown): string | null {
  const type = (data as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : null;
}

function isInfrastructure(err: unknown): boolean {
  const code = toErrorPayload(err).code;
  return code === 'REGISTRY' || code === 'STORE_UNAVAILABLE';
}

/** A dropped file that cannot be read is the input's problem, not the registry's (it does not stop the job). */
function readError(rel: string, err: unknown): DatalakeError {
  if (err instanceof DatalakeError) return err;
  return new InvalidInputError(`${rel} cannot be read: ${(err as Error).message}`, { file: rel });
}

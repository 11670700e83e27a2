/**
 * Dataset export: the payloads of chosen columns copied into a folder (one subfolder per column), with a
 * `manifest.jsonl` tracing each row to its datums and files. Files stream from the registry through a
 * temporary name, checked against the registry's hash on the way (single-file objects), with a SHA-256 for
 * the manifest. Re-running into the same folder resumes: a file an earlier manifest recorded, whose bytes
 * still have that SHA-256, is skipped. A file that fails is listed and the rest goes on.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CancelledError, InvalidInputError } from '#shared/errors';
import type { QueryInput, Row } from '#shared/query/types';
import {
  type Datalake,
  type Datum,
  IMAGE_HEADER_BYTES,
  type RegistryObjectInfo,
  readImageHeader,
} from '../../engine';
import { toExtendedJson } from '../datum-json';
import type { Progress } from '../job-progress';
import { type AnnotationRow, writeAnnotations } from './annotations';
import { inlineFile, isPictureObject, type PlannedFile, registryFiles } from './dataset-files';
import { MANIFEST, MANIFEST_FORMAT, type ManifestHeader, type ManifestRow, recordedHashes } from './manifest';

export interface DatasetSpec {
  query: QueryInput;
  datumsWanted?: number | null;
  columns: string[];
  format?: 'files' | 'coco' | 'yolo';
  imageColumn?: string;
  boxColumn?: string;
}

export interface DatasetContext {
  connection: ManifestHeader['connection'];
  app: { name: string; version: string };
}

export interface DatasetOutcome {
  rows: number;
  files: number;
  copied: number;
  skipped: number;
  failed: number;
  bytes: number;
}

/** Files copied at once: enough to keep a local disk or a cloud registry busy, few enough to stay gentle. */
const COPY_CONCURRENCY = 8;
/** Commit files read at once (small reads). */
const INFO_CONCURRENCY = 16;

export async function exportDataset(
  dl: Datalake,
  spec: DatasetSpec,
  folder: string,
  context: DatasetContext,
  signal: AbortSignal,
  progress: Progress,
): Promise<DatasetOutcome> {
  checkSpec(spec);
  await mkdir(folder, { recursive: true });
  const manifestPath = join(folder, MANIFEST);
  const partialPath = `${manifestPath}.partial`;
  // What earlier exports here recorded (read before the partial manifest is started again).
  const earlier = await recordedHashes([manifestPath, partialPath]);
  const manifest = createWriteStream(partialPath);
  await once(manifest, 'open');
  const header: ManifestHeader = {
    type: 'header',
    format: MANIFEST_FORMAT,
    version: 1,
    query: spec.query,
    datumsWanted: spec.datumsWanted ?? null,
    columns: spec.columns,
    connection: context.connection,
    app: context.app,
    exportedAt: new Date().toISOString(),
  };
  await writeLine(manifest, header);
  const outcome: DatasetOutcome = { rows: 0, files: 0, copied: 0, skipped: 0, failed: 0, bytes: 0 };
  const annotations: AnnotationRow[] = [];
  const pictureSizes = new Map<string, { width: number; height: number }>();
  const folders = new Set<string>();
  const folderOf = (column: string) =>
    spec.format === 'yolo' && column === spec.imageColumn ? 'images' : column;
  try {
    for await (const batch of dl.queryDataStream(spec.query, {
      datumsWanted: spec.datumsWanted ?? undefined,
      signal,
    })) {
      if (signal.aborted) throw new CancelledError('The dataset export was cancelled');
      if (batch.rows.length === 0) continue;
      const planned = await planBatch(dl, batch.rows, spec, folderOf);
      const lines: ManifestRow[] = batch.rows.map((ids, i) => ({
        type: 'row',
        row: outcome.rows + i,
        ids,
        files: {},
        sha256: {},
      }));
      const jobs = planned.flatMap((p) =>
        p.files.map((file) => ({ file, line: lines[p.rowIndex], column: p.column })),
      );
      await forEachLimited(jobs, COPY_CONCURRENCY, async ({ file, line, column }) => {
        if (signal.aborted) return;
        line.files[column] = [...(line.files[column] ?? []), file.relPath];
        try {
          const result = await placeFile(dl, folder, file, earlier.get(file.relPath), folders);
          line.sha256[file.relPath] = result.sha256;
          if (result.image) pictureSizes.set(file.relPath, result.image);
          outcome.files++;
          if (result.skipped) outcome.skipped++;
          else {
            outcome.copied++;
            outcome.bytes += result.bytes;
            progress.bytes(outcome.bytes);
          }
        } catch (err) {
          if (signal.aborted) return;
          outcome.failed++;
          line.errors = { ...line.errors, [file.relPath]: (err as Error).message };
          progress.itemError(file.relPath, err);
        }
      });
      if (signal.aborted) throw new CancelledError('The dataset export was cancelled');
      // A row is recorded once its files are in place: what a resumed export may trust.
      for (const line of lines) await writeLine(manifest, line);
      if (spec.format === 'coco' || spec.format === 'yolo') {
        for (const p of planned) {
          const size = p.annotation && pictureSizes.get(p.annotation.file);
          if (p.annotation && size) annotations.push({ ...p.annotation, ...size });
        }
      }
      outcome.rows += batch.rows.length;
      progress(
        outcome.rows,
        batch.stats.complete ? outcome.rows : null,
        `Exported ${outcome.rows.toLocaleString('en-US')} rows, ${outcome.files.toLocaleString('en-US')} files`,
      );
    }
    if (spec.format === 'coco' || spec.format === 'yolo') {
      await writeAnnotations(folder, spec.format, annotations);
    }
    manifest.end();
    await once(manifest, 'finish');
    await rename(partialPath, manifestPath);
    progress(
      outcome.rows,
      outcome.rows,
      `Exported ${outcome.rows.toLocaleString('en-US')} rows, ${outcome.files.toLocaleString('en-US')} files`,
    );
    return outcome;
  } catch (err) {
    // The partial manifest stays: it lists what was copied, so a re-run resumes from there.
    manifest.end();
    await once(manifest, 'finish').catch(() => {});
    throw err;
  }
}

function checkSpec(spec: DatasetSpec): void {
  if (spec.format === 'coco' || spec.format === 'yolo') {
    if (!spec.imageColumn || !spec.boxColumn) {
      throw new InvalidInputError(
        `A ${spec.format.toUpperCase()} export needs an image column and a bbox column`,
      );
    }
    if (!spec.columns.includes(spec.imageColumn)) {
      throw new InvalidInputError(
        `The image column "${spec.imageColumn}" must be one of the exported columns`,
      );
    }
  }
}

interface PlannedRow {
  rowIndex: number;
  column: string;
  files: PlannedFile[];
  /** The row's picture and box, without the picture's size (known once the file is in place). */
  annotation?: Omit<AnnotationRow, 'width' | 'height'>;
}

/** The files of every exported column of a batch: one lookup per column, one for the pictures' children. */
async function planBatch(
  dl: Datalake,
  rows: Row[],
  spec: DatasetSpec,
  folderOf: (column: string) => string,
): Promise<PlannedRow[]> {
  const wanted = [...spec.columns];
  if (spec.boxColumn && !wanted.includes(spec.boxColumn)) wanted.push(spec.boxColumn);
  const datums = new Map<string, Datum>();
  const ids = [...new Set(rows.flatMap((r) => wanted.map((c) => r[c]).filter(Boolean)))];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const d of await dl.findData(ids.slice(i, i + 1000))) if (d) datums.set(d.id, d);
  }
  const exported = new Set(rows.flatMap((r) => spec.columns.map((c) => r[c]).filter(Boolean)));
  const infos = new Map<string, RegistryObjectInfo | Error>();
  const readInfo = async (d: Datum) => {
    infos.set(d.id, await dl.payloadInfo(d).catch((err: Error) => err));
  };
  await forEachLimited(
    [...datums.values()].filter((d) => d.registryUri && exported.has(d.id)),
    INFO_CONCURRENCY,
    readInfo,
  );

  // An inline datum's picture: its oldest registry child whose object is an image.
  const inline = [...exported]
    .map((id) => datums.get(id))
    .filter((d): d is Datum => Boolean(d && !d.registryUri));
  const pictures = new Map<string, Datum>();
  if (inline.length > 0) {
    const children = await dl.childKeys(
      inline.map((d) => d.id),
      { registry_uri: { $ne: null } },
    );
    const childDatums = new Map<string, Datum>();
    for (let i = 0; i < children.length; i += 1000) {
      for (const d of await dl.findData(children.slice(i, i + 1000).map((c) => c.id)))
        if (d) childDatums.set(d.id, d);
    }
    await forEachLimited([...childDatums.values()], INFO_CONCURRENCY, readInfo);
    for (const c of children) {
      const info = infos.get(c.id);
      if (pictures.has(c.parent!) || !info || info instanceof Error || !isPictureObject(info)) continue;
      pictures.set(c.parent!, childDatums.get(c.id)!);
    }
  }

  const planned: PlannedRow[] = [];
  rows.forEach((row, rowIndex) => {
    for (const column of spec.columns) {
      const datum = datums.get(row[column]);
      if (!datum) continue;
      const files: PlannedFile[] = [];
      const sub = folderOf(column);
      if (datum.registryUri) {
        const info = infos.get(datum.id);
        if (info && !(info instanceof Error)) files.push(...registryFiles(sub, datum, info));
        else
          files.push({
            relPath: `${sub}/${datum.id}`,
            problem: info instanceof Error ? info.message : 'unreadable',
          });
      } else {
        files.push(inlineFile(sub, datum, toExtendedJson(datum.data)));
        const picture = pictures.get(datum.id);
        const info = picture && infos.get(picture.id);
        if (picture && info && !(info instanceof Error))
          files.push(...registryFiles(sub, picture, info, datum.id));
      }
      const entry: PlannedRow = { rowIndex, column, files };
      if (column === spec.imageColumn && spec.boxColumn) {
        const picture = files.find((f) => f.source && isPictureObject(f.source.info));
        const box = datums.get(row[spec.boxColumn]);
        if (picture)
          entry.annotation = {
            imageId: datum.id,
            file: picture.relPath,
            box: box ? { id: box.id, data: box.data } : null,
          };
      }
      planned.push(entry);
    }
  });
  return planned;
}

/** Puts one file in place (or finds it there already) and returns its SHA-256, and a picture's size. */
async function placeFile(
  dl: Datalake,
  folder: string,
  file: PlannedFile,
  recorded: string | undefined,
  folders: Set<string>,
): Promise<{ sha256: string; bytes: number; skipped: boolean; image?: { width: number; height: number } }> {
  if (file.problem) throw new InvalidInputError(file.problem);
  const target = join(folder, file.relPath);
  const picture = Boolean(file.source && isPictureObject(file.source.info));
  if (recorded) {
    const local = await hashFile(target, picture).catch(() => null);
    if (local?.sha256 === recorded)
      return { sha256: local.sha256, bytes: 0, skipped: true, image: local.image };
  }
  const dir = dirname(target);
  if (!folders.has(dir)) {
    await mkdir(dir, { recursive: true });
    folders.add(dir);
  }
  const temp = `${target}.partial`;
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      if (picture && bytes < IMAGE_HEADER_BYTES) head.push(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    if (file.content) {
      hash.update(file.content);
      bytes = file.content.length;
      await writeFile(temp, file.content);
    } else {
      const { datum, file: name, info } = file.source!;
      await pipeline(await dl.openPayloadFile(datum, name, info), tap, createWriteStream(temp));
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  const header = picture ? readImageHeader(Buffer.concat(head)) : null;
  return { sha256: hash.digest('hex'), bytes, skipped: false, ...(header ? { image: header } : {}) };
}

/** SHA-256 of a file already in the folder, and its picture size when it is one. */
async function hashFile(
  path: string,
  picture: boolean,
): Promise<{ sha256: string; image?: { width: number; height: number } }> {
  await stat(path);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    if (picture && bytes < IMAGE_HEADER_BYTES) head.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const header = picture ? readImageHeader(Buffer.concat(head)) : null;
  return { sha256: hash.digest('hex'), ...(header ? { image: header } : {}) };
}

async function writeLine(out: WriteStream, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

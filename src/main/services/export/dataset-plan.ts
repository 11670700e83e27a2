/**
 * What one batch of rows contributes to a dataset folder. The datums of a batch come in a few batched
 * store calls (one lookup per 1,000 ids, one for the inline datums' registry children); each cell's files
 * are then planned by the worker that copies them, so reading a registry object's commit file overlaps the
 * copies of other cells instead of waiting for every commit file of the batch first.
 */
import type { Row } from '#shared/query/types';
import type { Datalake, Datum, RegistryObjectInfo } from '../../engine';
import { toExtendedJson } from '../datum-json';
import type { AnnotationRow } from './annotations';
import { inlineFile, isPictureObject, type PlannedFile, registryFiles } from './dataset-files';

/** Ids per findData call. */
const LOOKUP_CHUNK = 1000;

export interface PlanSpec {
  columns: string[];
  imageColumn?: string;
  boxColumn?: string;
  /** The subfolder of a column (YOLO puts the pictures in `images`). */
  folderOf(column: string): string;
}

export interface BatchDatums {
  datums: Map<string, Datum>;
  /** Each exported inline datum's children that hold a registry object, oldest first. */
  children: Map<string, Datum[]>;
}

/** One cell of the export: a row's datum in one exported column. */
export interface PlannedCell {
  rowIndex: number;
  column: string;
  files: PlannedFile[];
  /** The row's picture and box, without the picture's size (known once the file is in place). */
  annotation?: Omit<AnnotationRow, 'width' | 'height'>;
}

export async function loadBatch(dl: Datalake, rows: Row[], spec: PlanSpec): Promise<BatchDatums> {
  const wanted = [...spec.columns];
  if (spec.boxColumn && !wanted.includes(spec.boxColumn)) wanted.push(spec.boxColumn);
  const ids = [...new Set(rows.flatMap((r) => wanted.map((c) => r[c]).filter(Boolean)))];
  const datums = await findAll(dl, ids);
  const exported = new Set(rows.flatMap((r) => spec.columns.map((c) => r[c]).filter(Boolean)));
  const inline = [...exported].filter((id) => {
    const d = datums.get(id);
    return d && !d.registryUri;
  });
  const children = new Map<string, Datum[]>();
  if (inline.length > 0) {
    const keys = await dl.childKeys(inline, { registry_uri: { $ne: null } });
    const childDatums = await findAll(
      dl,
      keys.map((k) => k.id),
    );
    for (const k of keys) {
      const child = childDatums.get(k.id);
      if (!child || !k.parent) continue;
      const list = children.get(k.parent) ?? [];
      list.push(child);
      children.set(k.parent, list);
    }
  }
  return { datums, children };
}

async function findAll(dl: Datalake, ids: string[]): Promise<Map<string, Datum>> {
  const found = new Map<string, Datum>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    for (const d of await dl.findData(ids.slice(i, i + LOOKUP_CHUNK))) if (d) found.set(d.id, d);
  }
  return found;
}

/** Registry object descriptions (commit files), each read once per batch however many cells share it. */
export class InfoReader {
  private readonly infos = new Map<string, Promise<RegistryObjectInfo>>();

  constructor(private readonly dl: Datalake) {}

  get(datum: Datum): Promise<RegistryObjectInfo> {
    let info = this.infos.get(datum.id);
    if (!info) {
      info = this.dl.payloadInfo(datum);
      info.catch(() => {}); // a caller handles it; a second caller may never come
      this.infos.set(datum.id, info);
    }
    return info;
  }
}

/** The files of one cell; null when the row has no datum in that column. */
export async function planCell(
  row: Row,
  rowIndex: number,
  column: string,
  batch: BatchDatums,
  infos: InfoReader,
  spec: PlanSpec,
): Promise<PlannedCell | null> {
  const datum = batch.datums.get(row[column]);
  if (!datum) return null;
  const sub = spec.folderOf(column);
  const files: PlannedFile[] = [];
  if (datum.registryUri) {
    try {
      files.push(...registryFiles(sub, datum, await infos.get(datum)));
    } catch (err) {
      files.push({ relPath: `${sub}/${datum.id}`, problem: (err as Error).message || 'unreadable' });
    }
  } else {
    files.push(inlineFile(sub, datum, toExtendedJson(datum.data)));
    // An inline datum's picture: its oldest registry child whose object is an image.
    for (const child of batch.children.get(datum.id) ?? []) {
      const info = await infos.get(child).catch(() => null);
      if (info && isPictureObject(info)) {
        files.push(...registryFiles(sub, child, info, datum.id));
        break;
      }
    }
  }
  const cell: PlannedCell = { rowIndex, column, files };
  if (column === spec.imageColumn && spec.boxColumn) {
    const picture = files.find((f) => f.source && isPictureObject(f.source.info));
    const box = batch.datums.get(row[spec.boxColumn]);
    if (picture)
      cell.annotation = {
        imageId: datum.id,
        file: picture.relPath,
        box: box ? { id: box.id, data: box.data } : null,
      };
  }
  return cell;
}

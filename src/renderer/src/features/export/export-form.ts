/**
 * The export dialogs' logic without React: the query's column types (for COCO/YOLO defaults), the fields
 * text of a column parsed and checked as the contract checks them, and the requests the dialogs send.
 */
import type { CallInput } from '#shared/contract';
import { exportColumnSchema } from '#shared/contract';
import type { QueryInput } from '#shared/query/types';

/** What the export covers: the whole query, or the rows the run asked for. */
export interface ExportSource {
  query: QueryInput;
  /** The run's rows wanted; null when it asked for all. */
  datumsWanted: number | null;
  /** The result's columns, in order. */
  columns: string[];
}

export type RowsChoice = 'all' | 'wanted';

/** Each column's `data.type` when its stage filters on one plain string (`image`, `bbox`, …). */
export function columnTypes(query: QueryInput): Record<string, string | null> {
  const stages = Array.isArray(query) ? query : [query];
  const out: Record<string, string | null> = {};
  for (const stage of stages) {
    if (!stage || typeof stage.column !== 'string') continue;
    const type = (stage as Record<string, unknown>)['data.type'];
    out[stage.column] = typeof type === 'string' ? type : null;
  }
  return out;
}

/** The column whose pictures a COCO/YOLO export writes: the first `image` column, else the first column. */
export function defaultImageColumn(columns: string[], types: Record<string, string | null>): string {
  return (
    columns.find((c) => types[c] === 'image') ??
    columns.find((c) => /image|img|picture|photo/i.test(c)) ??
    columns[0] ??
    ''
  );
}

/** The column of the boxes: the first `bbox` column, else one named like boxes, else none. */
export function defaultBoxColumn(columns: string[], types: Record<string, string | null>): string {
  return (
    columns.find((c) => types[c] === 'bbox') ?? columns.find((c) => /box|detection|annotation/i.test(c)) ?? ''
  );
}

/** A column's fields as the dialog shows them: comma-separated paths. */
export function fieldsText(fields: string[]): string {
  return fields.join(', ');
}

/** The paths of a fields text, or the first one the export would refuse, named. */
export function parseFields(text: string): { fields: string[] } | { error: string } {
  const fields = [
    ...new Set(
      text
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
  for (const f of fields) {
    if (!/^(data|metadata)(\.[^.\s]+)+$/.test(f)) {
      return { error: `"${f}" is not a field path: write data.… or metadata.… (e.g. data.label)` };
    }
  }
  if (!exportColumnSchema.shape.fields.safeParse(fields).success) {
    return { error: 'At most 100 fields per column' };
  }
  return { fields };
}

export function wantedOf(source: ExportSource, rows: RowsChoice): number | null {
  return rows === 'wanted' ? source.datumsWanted : null;
}

export interface ResultsForm {
  format: 'csv' | 'json' | 'jsonl';
  rows: RowsChoice;
  /** Fields text by column. */
  fields: Record<string, string>;
  /** The file chosen in Electron's save dialog; null on the web host (a download). */
  path: string | null;
  download: boolean;
}

export type Checked<T> = { ok: true; input: T } | { ok: false; problems: string[] };

export function resultsRequest(
  source: ExportSource,
  form: ResultsForm,
): Checked<CallInput<'export.results'>> {
  const problems: string[] = [];
  const columns = source.columns.map((column) => {
    const parsed = parseFields(form.fields[column] ?? '');
    if ('error' in parsed) {
      problems.push(`${column}: ${parsed.error}`);
      return { column, fields: [] };
    }
    return { column, fields: parsed.fields };
  });
  if (!form.download && !form.path) problems.push('Choose the file to write');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      query: source.query,
      datumsWanted: wantedOf(source, form.rows),
      format: form.format,
      columns,
      destination: form.download ? { kind: 'download' } : { kind: 'path', path: form.path as string },
    },
  };
}

export interface DatasetForm {
  columns: string[];
  folder: string;
  format: 'files' | 'coco' | 'yolo';
  imageColumn: string;
  boxColumn: string;
  rows: RowsChoice;
}

export function datasetRequest(
  source: ExportSource,
  form: DatasetForm,
): Checked<CallInput<'export.dataset'>> {
  const problems: string[] = [];
  const columns = source.columns.filter((c) => form.columns.includes(c));
  if (columns.length === 0) problems.push('Choose at least one column to copy');
  const folder = form.folder.trim();
  if (!folder) problems.push('Choose the folder to export into');
  else if (!isAbsolutePath(folder)) problems.push(`The folder must be an absolute path (got "${folder}")`);
  const annotated = form.format !== 'files';
  if (annotated) {
    const name = form.format.toUpperCase();
    if (!form.imageColumn) problems.push(`${name} needs an image column`);
    else if (!columns.includes(form.imageColumn))
      problems.push(`${name}: tick the image column "${form.imageColumn}" among the columns to copy`);
    if (!form.boxColumn) problems.push(`${name} needs a bbox column`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      query: source.query,
      datumsWanted: wantedOf(source, form.rows),
      columns,
      folder,
      format: form.format,
      ...(annotated ? { imageColumn: form.imageColumn, boxColumn: form.boxColumn } : {}),
    },
  };
}

/** POSIX `/…`, Windows `C:\…` or `\\server\…`: what the host accepts as a folder. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The file name the save dialog proposes. */
export function defaultFileName(format: ResultsForm['format']): string {
  return `results.${format}`;
}

/** The dialog's choices, and how they become the `ingest.plan` / `ingest.start` input. */
import type { IngestOptionsInput, IngestSource } from '#shared/contract';

export interface FieldRow {
  key: string;
  value: string;
}

export interface IngestForm {
  targetKind: 'registry' | 'inline';
  registryUri: string;
  project: string;
  /** Comma-separated. */
  tags: string;
  fields: FieldRow[];
  images: 'image' | 'file';
  json: 'records' | 'file';
  annotations: boolean;
  duplicates: 'skip' | 'add';
}

export const DEFAULT_FORM: IngestForm = {
  targetKind: 'registry',
  registryUri: '',
  project: '',
  tags: '',
  fields: [],
  images: 'image',
  json: 'records',
  annotations: true,
  duplicates: 'skip',
};

/** A typed value from what was typed: numbers and true/false keep their kind, the rest is text. */
export function fieldValue(raw: string): string | number | boolean {
  const v = raw.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) && Number.isFinite(Number(v))) return Number(v);
  return raw;
}

export function toOptions(
  form: IngestForm,
  sources: IngestSource[],
  derivedFrom: string | null,
): IngestOptionsInput {
  const fields: Record<string, string | number | boolean> = {};
  for (const row of form.fields) if (row.key.trim()) fields[row.key.trim()] = fieldValue(row.value);
  return {
    sources,
    target:
      form.targetKind === 'inline' ? { kind: 'inline' } : { kind: 'registry', uri: form.registryUri.trim() },
    derivedFrom,
    metadata: {
      ...(form.project.trim() ? { project: form.project.trim() } : {}),
      tags: form.tags
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
      fields,
    },
    mode: { images: form.images, json: form.json, annotations: form.annotations },
    duplicates: form.duplicates,
  };
}

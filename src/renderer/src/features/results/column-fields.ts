/**
 * Which fields each result column shows: defaults from the schema sample (the usual `data.type`,
 * `data.filename`, `data.label`), trimmed per column to those its datums actually carry, until the user
 * picks fields with the column's picker (remembered by column name for the rest of the session).
 */
import { create } from 'zustand';
import type { CallOutput } from '#shared/contract';
import { getClient } from '../../api/client';

export const DEFAULT_FIELDS = ['data.type', 'data.filename', 'data.label'];

export type SchemaField = CallOutput<'overview.schema'>['fields'][number];

/** Paths the picker offers: `data.*` and `metadata.*` leaves of the schema sample, common ones first. */
export function pickableFields(schema: SchemaField[] | null): string[] {
  if (!schema) return DEFAULT_FIELDS;
  return schema
    .filter(
      (f) => /^(data|metadata)\.[^.]/.test(f.path) && !(f.types.length === 1 && f.types[0] === 'object'),
    )
    .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path))
    .map((f) => f.path);
}

/** The default fields that the schema sample knows (all of them while it is not loaded). */
export function defaultFields(schema: SchemaField[] | null): string[] {
  if (!schema) return DEFAULT_FIELDS;
  const known = new Set(schema.map((f) => f.path));
  return DEFAULT_FIELDS.filter((f) => known.has(f));
}

/**
 * The defaults a column keeps once some of its datums are loaded: those that at least one carries
 * (an image column drops `data.label`, a label column `data.filename`). `data.type` always stays.
 */
export function trimDefaults(defaults: string[], loaded: Array<Record<string, unknown>>): string[] {
  if (loaded.length === 0) return defaults;
  return defaults.filter((f) => f === 'data.type' || loaded.some((values) => values[f] !== undefined));
}

interface ColumnFieldsState {
  /** The schema sample for the active connection (null until loaded or when it failed). */
  schema: SchemaField[] | null;
  schemaFor: string | null;
  /** Fields chosen with a picker, by result column name. */
  chosen: Record<string, string[]>;
  /** Defaults trimmed after a first look at a column's datums, by column name (reset per run). */
  trimmed: Record<string, string[]>;
  loadSchema(connectionId: string | null): Promise<void>;
  choose(column: string, fields: string[]): void;
  setTrimmed(column: string, fields: string[]): void;
  resetTrimmed(): void;
}

export const useColumnFields = create<ColumnFieldsState>((set, get) => ({
  schema: null,
  schemaFor: null,
  chosen: {},
  trimmed: {},

  async loadSchema(connectionId) {
    if (get().schemaFor === connectionId) return;
    set({ schemaFor: connectionId, schema: null, chosen: {}, trimmed: {} });
    try {
      const { fields } = await getClient().call('overview.schema', {});
      if (get().schemaFor === connectionId) set({ schema: fields });
    } catch {
      // Without a sample the grid offers the usual fields; the picker still accepts typed paths.
    }
  },

  choose(column, fields) {
    set((s) => ({ chosen: { ...s.chosen, [column]: fields } }));
  },

  setTrimmed(column, fields) {
    set((s) => ({ trimmed: { ...s.trimmed, [column]: fields } }));
  },

  resetTrimmed() {
    set({ trimmed: {} });
  },
}));

/** The fields a column shows now. */
export function fieldsOf(
  state: Pick<ColumnFieldsState, 'schema' | 'chosen' | 'trimmed'>,
  column: string,
): string[] {
  return state.chosen[column] ?? state.trimmed[column] ?? defaultFields(state.schema);
}

/**
 * The results grid's TanStack Table: one column group per result column (its id, then the chosen fields),
 * client-side sorting and filtering over the received rows, and resizable columns. Field values are not in
 * the rows: cells, sorting and filtering read them from the field cache, which fills as rows are shown
 * (and for every received row before a sort or filter by a field).
 */
import {
  type ColumnDef,
  columnFilteringFeature,
  columnResizingFeature,
  columnSizingFeature,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import type { Row } from '#shared/query/types';
import type { BatchLoader } from './batch-loader';
import { type DatumFields, fieldsKey } from './datum-loaders';
import { compareValues, formatValue } from './field-values';

export const gridFeatures = tableFeatures({
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
});

export type GridFeatures = typeof gridFeatures;

/** What a leaf column shows: the id of a result column's datum, or one of its fields. */
export interface LeafInfo {
  column: string;
  /** null for the id column. */
  path: string | null;
  /** The field cache key of the column's group. */
  key: string;
}

export const ID_WIDTH = 236;
const FIELD_WIDTH = 150;

export function leafId(column: string, path: string | null): string {
  return `${column}::${path ?? 'id'}`;
}

export interface ResultsTableInput {
  rows: Row[];
  columns: string[];
  fieldsByColumn: Record<string, string[]>;
  /** The field cache key of each column's group. */
  keysByColumn: Record<string, string>;
  fields: BatchLoader<DatumFields>;
  /**
   * Bumped once values for every received row have landed for a sort or filter by a field, so that sort or
   * filter is computed again (not on every answer: rebuilding 100k rows while scrolling would stutter).
   */
  modelVersion: number;
}

export function useResultsTable({
  rows,
  columns,
  fieldsByColumn,
  keysByColumn,
  fields,
  modelVersion,
}: ResultsTableInput) {
  const leaves = useMemo(() => {
    const map = new Map<string, LeafInfo>();
    for (const column of columns) {
      const key = keysByColumn[column] ?? fieldsKey(fieldsByColumn[column] ?? []);
      map.set(leafId(column, null), { column, path: null, key });
      for (const path of fieldsByColumn[column] ?? []) map.set(leafId(column, path), { column, path, key });
    }
    return map;
  }, [columns, fieldsByColumn, keysByColumn]);

  const columnDefs = useMemo<ColumnDef<GridFeatures, Row>[]>(() => {
    const cellValue = (row: Row, info: LeafInfo): unknown => {
      const id = row[info.column];
      if (info.path === null) return id;
      return fields.get(info.key, id)?.values[info.path];
    };
    return columns.map((column) => ({
      id: column,
      header: column,
      columns: [...leaves.values()]
        .filter((l) => l.column === column)
        .map(
          (info): ColumnDef<GridFeatures, Row> => ({
            id: leafId(column, info.path),
            header: info.path ?? column,
            accessorFn: (row: Row) => row[column],
            size: info.path === null ? ID_WIDTH : FIELD_WIDTH,
            minSize: 60,
            maxSize: 800,
            sortUndefined: 'last',
            sortFn: (a, b) => compareValues(cellValue(a.original, info), cellValue(b.original, info)),
            filterFn: (row, _id, text: string) =>
              formatValue(cellValue(row.original, info)).toLowerCase().includes(text),
          }),
        ),
    }));
  }, [columns, leaves, fields]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new array is how the table learns of new values
  const data = useMemo(() => rows.slice(0), [rows, modelVersion]);

  const table = useTable({
    features: gridFeatures,
    columns: columnDefs,
    data,
    getRowId: (_row, index) => String(index),
    columnResizeMode: 'onChange',
    enableSortingRemoval: true,
    getColumnCanGlobalFilter: () => true,
    globalFilterFn: (row, columnId, text: string) => {
      const info = leaves.get(columnId);
      if (!info) return false;
      const v =
        info.path === null
          ? row.original[info.column]
          : fields.get(info.key, row.original[info.column])?.values[info.path];
      return formatValue(v).toLowerCase().includes(String(text).toLowerCase());
    },
  });
  return { table, leaves };
}

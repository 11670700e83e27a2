/**
 * The virtualised results grid: role `grid` labelled `Results`, one header row (`aria-rowcount` = rows + 1),
 * rows drawn only where the viewport is, a roving active cell moved by the keyboard, resizable columns.
 * It asks the field and thumbnail caches for what it shows, and tells the run how far down it is.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef } from 'react';
import type { BatchLoader } from './batch-loader';
import { type DatumFields, mayHavePicture, THUMB_KEY, type Thumbnail } from './datum-loaders';
import { IdCell, ValueCell } from './grid-cells';
import { type CellPos, moveActive } from './grid-keys';
import type { LeafInfo, useResultsTable } from './use-results-table';

export const ROW_HEIGHT = 36;
/** How long the viewport must rest before the rows in it ask for their values. */
const REST_MS = 60;

type Table = ReturnType<typeof useResultsTable>['table'];

export interface ResultsGridProps {
  table: Table;
  leaves: Map<string, LeafInfo>;
  fields: BatchLoader<DatumFields>;
  thumbs: BatchLoader<Thumbnail>;
  /** Changes when cached values land (re-renders the visible rows). */
  cacheVersion: number;
  /** Ids only (transposed results): no field requests, no thumbnails. */
  idsOnly: boolean;
  active: CellPos | null;
  onActiveChange(pos: CellPos): void;
  /** Enter on a row. */
  onOpen(pos: CellPos): void;
  /** The last row index drawn (for the run's pacing). */
  onVisibleEnd(index: number): void;
  /** The visible rows have just asked for their values (the run lets them go before its next pull). */
  onValuesAsked?(): void;
  /** Clicking a sortable header (the panel loads field values first when needed). */
  onSort(columnId: string): void;
  /** Ctrl/Cmd+C: the active cell; with Shift, its row as JSON. */
  onCopy(wholeRow: boolean): void;
  /** Extra content for a group's id header (the field picker). */
  renderGroupTools?(column: string): ReactNode;
}

export function ResultsGrid(props: ResultsGridProps) {
  const { table, leaves, fields, thumbs, idsOnly, active, onActiveChange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const gridId = useId();
  const rows = table.getRowModel().rows;
  // The leaf header row (the groups' own headers are drawn into their id columns: one header row).
  const headers = table.getHeaderGroups().at(-1)?.headers ?? [];
  const sizing = table.state.columnSizing;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Column widths as CSS variables on the grid: cells read them, so a resize re-renders nothing but the grid.
  // biome-ignore lint/correctness/useExhaustiveDependencies: sizes change with the sizing state
  const widths = useMemo(() => {
    const vars: Record<string, string> = {};
    let total = 0;
    headers.forEach((h, i) => {
      vars[`--c${i}`] = `${h.getSize()}px`;
      total += h.getSize();
    });
    vars['--total'] = `${total}px`;
    return vars;
  }, [headers, sizing]);

  // Ask for what the visible rows show: field values per group, then thumbnails for picture candidates.
  // Only once the viewport rests a moment: a fling across thousands of rows asks for nothing on the way.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cacheVersion brings newly landed values
  useEffect(() => {
    if (last < 0 || idsOnly) return;
    const timer = setTimeout(() => {
      const visible = rows.slice(first, last + 1).map((r) => r.original);
      const groups = new Map<string, string>();
      for (const l of leaves.values()) groups.set(l.column, l.key);
      const candidates: string[] = [];
      for (const [column, key] of groups) {
        const ids = visible.map((r) => r[column]).filter((id): id is string => typeof id === 'string');
        fields.want(key, ids, column);
        for (const id of ids) if (mayHavePicture(fields.get(key, id))) candidates.push(id);
      }
      thumbs.want(THUMB_KEY, candidates);
      props.onValuesAsked?.();
    }, REST_MS);
    return () => clearTimeout(timer);
  }, [first, last, rows, leaves, fields, thumbs, idsOnly, props.cacheVersion]);

  useEffect(() => {
    if (last >= 0) props.onVisibleEnd(rows[last]?.index ?? last);
  }, [last, rows, props.onVisibleEnd]);

  const scrollTo = (pos: CellPos) => {
    virtualizer.scrollToIndex(pos.row, { align: 'auto' });
    onActiveChange(pos);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.target !== e.currentTarget) return; // a header control has the focus
    const pos = active ?? { row: 0, col: 0 };
    if (e.key === 'Enter' && active) {
      e.preventDefault();
      props.onOpen(active);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && active) {
      e.preventDefault();
      props.onCopy(e.shiftKey);
      return;
    }
    const page = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1;
    const next = moveActive(e.key, e.ctrlKey || e.metaKey, active ? pos : { row: -1, col: 0 }, {
      rows: rows.length,
      cols: headers.length,
      page,
    });
    if (!next) return;
    e.preventDefault();
    scrollTo(next);
  };

  const cellId = (pos: CellPos) => `${gridId}-r${pos.row}-c${pos.col}`;
  const activeVisible = active && active.row >= first && active.row <= last;

  return (
    <div ref={scrollRef} className="rgrid" style={widths as React.CSSProperties}>
      <table
        ref={tableRef}
        className="rgrid__table"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a keyboard-driven data table is ARIA's grid pattern
        role="grid"
        aria-label="Results"
        aria-rowcount={rows.length + 1}
        aria-colcount={headers.length}
        aria-activedescendant={activeVisible ? cellId(active) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="results-grid"
      >
        <thead className="rgrid__head">
          <tr className="rgrid__row rgrid__row--head" aria-rowindex={1}>
            {headers.map((h, i) => {
              const info = leaves.get(h.column.id);
              const sorted = h.column.getIsSorted();
              const isId = info?.path === null;
              return (
                <th
                  key={h.id}
                  scope="col"
                  aria-colindex={i + 1}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  className={`rgrid__cell rgrid__cell--head${isId ? ' rgrid__cell--group-start' : ''}`}
                  style={{ width: `var(--c${i})` }}
                  data-group={info?.column}
                >
                  <button
                    type="button"
                    className="rgrid__sort"
                    onClick={() => props.onSort(h.column.id)}
                    title={isId ? `${info?.column}: sort by id` : `${info?.column} → ${info?.path}: sort`}
                    tabIndex={-1}
                  >
                    {isId ? (
                      <span className="rgrid__group-name">{info?.column}</span>
                    ) : (
                      <span className="rgrid__field-name">{info?.path}</span>
                    )}
                    <span className="rgrid__sort-mark" aria-hidden="true">
                      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                  {isId && info && props.renderGroupTools?.(info.column)}
                  <span
                    className={`rgrid__resizer${h.column.getIsResizing() ? ' is-resizing' : ''}`}
                    onMouseDown={h.getResizeHandler()}
                    onTouchStart={h.getResizeHandler()}
                    onDoubleClick={() => h.column.resetSize()}
                    aria-hidden="true"
                  />
                </th>
              );
            })}
          </tr>
        </thead>
        {/* The drawn rows sit in normal flow under a padding as tall as the rows above them: one inline
            style changes per frame, not one per row. Measured in Chromium on a 100k-row fling, a transform
            on each row made style recalculation grow past 100 ms a frame; this way a frame takes ~7 ms. */}
        <tbody
          className="rgrid__body"
          style={{ height: virtualizer.getTotalSize(), paddingTop: items[0]?.start ?? 0 }}
        >
          {items.map((item) => {
            const row = rows[item.index];
            const original = row.original;
            const selected = active?.row === item.index;
            return (
              <tr
                key={row.id}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`rgrid__row${selected ? ' is-selected' : ''}${item.index % 2 ? ' is-odd' : ''}`}
                data-row={item.index}
              >
                {headers.map((h, col) => {
                  const info = leaves.get(h.column.id);
                  if (!info) return null;
                  const id = original[info.column];
                  const isActive = selected && active?.col === col;
                  let content: ReactNode;
                  if (info.path === null) {
                    const f = idsOnly ? undefined : fields.get(info.key, id);
                    const thumb =
                      idsOnly || !mayHavePicture(f)
                        ? false
                        : (thumbs.get(THUMB_KEY, id)?.url ?? (thumbs.has(THUMB_KEY, id) ? null : undefined));
                    content = <IdCell id={id} thumb={thumb} />;
                  } else {
                    const f = fields.get(info.key, id);
                    content = (
                      <ValueCell
                        loaded={f !== undefined}
                        value={f?.values[info.path]}
                        missing={Boolean(f?.missing)}
                      />
                    );
                  }
                  return (
                    <td
                      key={h.id}
                      id={cellId({ row: item.index, col })}
                      aria-colindex={col + 1}
                      className={`rgrid__cell${info.path === null ? ' rgrid__cell--group-start rgrid__cell--id' : ''}${isActive ? ' is-active' : ''}`}
                      style={{ width: `var(--c${col})` }}
                      onMouseDown={(e) => {
                        if (e.button !== 0) return;
                        onActiveChange({ row: item.index, col });
                        tableRef.current?.focus({ preventScroll: true });
                        e.preventDefault();
                      }}
                    >
                      {content}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

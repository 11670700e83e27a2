/**
 * What a run shows under the builder's cards: the funnel, the status (`N rows`, `so far` while running),
 * Cancel, errors with Retry, and the results grid with its toolbar (filter, copy, open, lineage).
 * Mount it once; start runs with `runQuery(query, options)` from query-run-store.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Row } from '#shared/query/types';
import { navigate } from '../../app/routing/router-store';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount } from '../../components/plain-words';
import { ExportButtons } from '../export';
import { copyText } from './clipboard';
import { pickableFields, useColumnFields } from './column-fields';
import { FieldPicker } from './field-picker';
import { formatValue } from './field-values';
import { Funnel } from './funnel';
import type { CellPos } from './grid-keys';
import { useQueryRun } from './query-run-store';
import { ResultsEmpty } from './results-empty';
import { ResultsGrid } from './results-grid';
import { datumHref, lineageHref, rowJson } from './row-links';
import { RunStatusBar } from './run-status-bar';
import { useGridData } from './use-grid-data';
import { useResultsTable } from './use-results-table';
import './results.css';

export interface QueryRunPanelProps {
  /** Show the panel's own Cancel button (leave it on unless the builder shows one). */
  showCancel?: boolean;
}

export function QueryRunPanel({ showCancel = true }: QueryRunPanelProps) {
  const run = useQueryRun();
  const transposed = Boolean(run.options.transpose);
  const grid = useGridData(run.runId, run.columns, run.rows);
  const choose = useColumnFields((s) => s.choose);
  const { table, leaves } = useResultsTable({
    rows: run.rows,
    columns: run.columns,
    fieldsByColumn: transposed ? {} : grid.fieldsByColumn,
    keysByColumn: grid.keysByColumn,
    fields: grid.loaders.fields,
    modelVersion: grid.modelVersion,
  });
  const [active, setActive] = useState<CellPos | null>(null);
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run starts with nothing selected
  useEffect(() => {
    setActive(null);
    setFilter('');
    table.setGlobalFilter('');
    table.setSorting([]);
  }, [run.runId]);

  const say = (text: string) => {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), 2500);
  };

  const modelRows = table.getRowModel().rows;
  const leafIds = (table.getHeaderGroups().at(-1)?.headers ?? []).map((h) => h.column.id);
  const activeRow: Row | null = active ? (modelRows[active.row]?.original ?? null) : null;
  const activeLeaf = active ? leaves.get(leafIds[active.col]) : undefined;
  const focusColumn = activeLeaf?.column ?? run.columns[run.columns.length - 1];

  const cellText = (pos: CellPos): string => {
    const row = modelRows[pos.row]?.original;
    const leaf = leaves.get(leafIds[pos.col]);
    if (!row || !leaf) return '';
    if (leaf.path === null) return row[leaf.column] ?? '';
    return formatValue(grid.loaders.fields.get(leaf.key, row[leaf.column])?.values[leaf.path]);
  };

  const copyCell = async () => {
    if (!active) return;
    await copyText(cellText(active)).then(
      () => say('Cell copied'),
      (e: Error) => say(e.message),
    );
  };
  const copyRow = async () => {
    if (!activeRow) return;
    await copyText(rowJson(activeRow, run.columns)).then(
      () => say('Row copied as JSON'),
      (e: Error) => say(e.message),
    );
  };
  const openDatum = (pos: CellPos | null = active) => {
    const row = pos ? modelRows[pos.row]?.original : null;
    const leaf = pos ? leaves.get(leafIds[pos.col]) : undefined;
    const id = row?.[leaf?.column ?? run.columns[0]];
    if (id) navigate(datumHref(id));
  };
  const showLineage = () => {
    const id = activeRow?.[focusColumn];
    if (activeRow && id) navigate(lineageHref(activeRow, run.columns, id));
  };

  const onSort = useCallback(
    async (columnId: string) => {
      const leaf = leaves.get(columnId);
      const column = table.getColumn(columnId);
      if (!leaf || !column || grid.progress) return;
      if (leaf.path !== null && !column.getIsSorted()) {
        await grid.loadEverything(`Loading ${leaf.path} of every row to sort`, [leaf.column]);
      }
      column.toggleSorting(undefined, false);
      setActive(null);
    },
    [leaves, table, grid],
  );

  const applyFilter = async (text: string) => {
    const value = text.trim().toLowerCase();
    if (value && !transposed)
      await grid.loadEverything('Loading field values of every row to filter', run.columns);
    table.setGlobalFilter(value);
    setActive(null);
  };

  const visibleEnd = useRef(run.reportVisible);
  visibleEnd.current = run.reportVisible;
  const onVisibleEnd = useCallback((index: number) => visibleEnd.current(index), []);

  const offered = useMemo(() => pickableFields(grid.schema), [grid.schema]);

  if (run.status === 'idle') return <ResultsEmpty kind="idle" />;

  const running = run.status === 'running';
  const shown = modelRows.length;
  return (
    <section
      className="rrun"
      aria-label="Query results"
      data-status={run.status}
      data-testid="query-run-panel"
    >
      {run.status === 'error' && run.error && (
        <ErrorBanner
          error={run.error}
          title={bannerTitle(run.rows.length)}
          onRetry={() => void run.retry()}
          testId="run-error"
        />
      )}
      <div className="rrun__top">
        <Funnel stages={run.stages} stats={run.stats} running={running} />
        <RunStatusBar
          status={run.status}
          rows={run.rows.length}
          waiting={run.waiting}
          loadAll={run.loadAll}
          timing={run.timing}
          showCancel={showCancel}
          onCancel={() => void run.cancel()}
          onLoadAll={run.setLoadAll}
        />
      </div>
      {run.columns.length > 0 && (
        <>
          <div className="rrun__toolbar" role="toolbar" aria-label="Results tools">
            <search className="rrun__filter">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void applyFilter(filter);
                }}
              >
                <input
                  className="input"
                  type="search"
                  aria-label="Filter loaded rows"
                  placeholder="Filter loaded rows…"
                  value={filter}
                  onChange={(e) => {
                    setFilter(e.target.value);
                    if (e.target.value === '') void applyFilter('');
                  }}
                />
              </form>
            </search>
            <span className="rrun__shown" data-testid="results-shown">
              {shown === run.rows.length
                ? `${formatCount(shown)} shown`
                : `${formatCount(shown)} of ${formatCount(run.rows.length)} shown`}
            </span>
            {grid.progress && (
              <span className="rrun__progress">
                {grid.progress.label} ·{' '}
                {Math.round((100 * grid.progress.done) / Math.max(1, grid.progress.total))}%
              </span>
            )}
            <span className="rrun__spacer" />
            {notice && <span className="rrun__notice">{notice}</span>}
            <button
              type="button"
              className="btn btn--small"
              disabled={!active}
              onClick={() => void copyCell()}
            >
              Copy cell
            </button>
            <button
              type="button"
              className="btn btn--small"
              disabled={!activeRow}
              onClick={() => void copyRow()}
            >
              Copy row
            </button>
            <button
              type="button"
              className="btn btn--small"
              disabled={!activeRow}
              onClick={() => openDatum()}
            >
              Open datum
            </button>
            <button type="button" className="btn btn--small" disabled={!activeRow} onClick={showLineage}>
              Show lineage
            </button>
            {run.query && (
              <ExportButtons
                query={run.query}
                datumsWanted={run.options.datumsWanted}
                columns={run.columns}
                fieldsByColumn={grid.fieldsByColumn}
              />
            )}
          </div>
          {run.rows.length === 0 && !running ? (
            <ResultsEmpty kind="no-rows" />
          ) : (
            <ResultsGrid
              table={table}
              leaves={leaves}
              fields={grid.loaders.fields}
              thumbs={grid.loaders.thumbs}
              cacheVersion={grid.cacheVersion}
              idsOnly={transposed}
              active={active}
              onActiveChange={setActive}
              onOpen={(pos) => openDatum(pos)}
              onVisibleEnd={onVisibleEnd}
              onValuesAsked={run.valuesAsked}
              onSort={(id) => void onSort(id)}
              onCopy={(whole) => void (whole ? copyRow() : copyCell())}
              renderGroupTools={
                transposed
                  ? undefined
                  : (column) => (
                      <FieldPicker
                        column={column}
                        offered={offered}
                        chosen={grid.fieldsByColumn[column] ?? []}
                        onChange={(fields) => choose(column, fields)}
                      />
                    )
              }
            />
          )}
        </>
      )}
    </section>
  );
}

function bannerTitle(rows: number): string | undefined {
  if (rows === 0) return undefined;
  return `The query stopped after ${formatCount(rows)} row${rows === 1 ? '' : 's'}`;
}

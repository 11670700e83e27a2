/**
 * The library's two touch points with the query builder: reading the query it holds (only when it could
 * run: the same reason Run gives otherwise) and loading a query into it, as if its JSON had been pasted.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { QueryObject } from '#shared/query/types';
import { formatQueryJson, type JsonValue } from '#shared/query-builder/index';
import { parseRowsWanted, runBlocker } from '../query-builder/builder-analysis';
import { JSON_WIDTH, useBuilder } from '../query-builder/builder-store';

/** A query with its options, as the library keeps it. */
export interface LibraryQuery {
  query: QueryObject[];
  datumsWanted: number | null;
  transpose: boolean;
}

export type BuilderQuery = { ok: true; value: LibraryQuery } | { ok: false; reason: string };

type BuilderSlice = Parameters<typeof runBlocker>[0] & {
  parsed: ReturnType<typeof useBuilder.getState>['parsed'];
  rowsWantedText: string;
  transpose: boolean;
};

function read(s: BuilderSlice): BuilderQuery {
  const reason = runBlocker(s);
  if (reason) return { ok: false, reason };
  if (!s.parsed.ok) return { ok: false, reason: 'The query JSON cannot be read' };
  const value = s.parsed.value;
  const query = (Array.isArray(value) ? value : [value]) as QueryObject[];
  return {
    ok: true,
    value: { query, datumsWanted: parseRowsWanted(s.rowsWantedText).value ?? null, transpose: s.transpose },
  };
}

/** The builder's query now (for one-off reads, such as a click). */
export function readBuilderQuery(): BuilderQuery {
  const s = useBuilder.getState();
  return read({ ...s, stageCount: s.cards.stages.length });
}

/** The builder's query, kept up to date as it is edited. */
export function useBuilderQuery(): BuilderQuery {
  const slice = useBuilder(
    useShallow((s) => ({
      textProblem: s.textProblem,
      rowsWantedError: s.rowsWantedError,
      drafts: s.drafts,
      problems: s.problems,
      stageCount: s.cards.stages.length,
      parsed: s.parsed,
      rowsWantedText: s.rowsWantedText,
      transpose: s.transpose,
    })),
  );
  return useMemo(() => read(slice), [slice]);
}

/** Replaces the builder's query and options with `q` (the cards follow from the JSON). */
export function loadIntoBuilder(q: LibraryQuery): void {
  const s = useBuilder.getState();
  s.setText(formatQueryJson(q.query as JsonValue, JSON_WIDTH));
  s.setRowsWanted(q.datumsWanted ? String(q.datumsWanted) : '');
  s.setTranspose(q.transpose);
}

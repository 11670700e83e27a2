/** Turns a validated query into stages the executor can run: BSON filters and column indexes. */
import type { QueryInput, QueryOptions, Strategy } from '#shared/query/types';
import { validateQuery } from '#shared/query/validate';
import type { Filter } from '../stores/store';
import { reviveFilter } from './revive-filter';

export interface PlannedStage {
  column: string;
  strategy: Strategy;
  /** Index of the stage this one derives from; -1 for the base stage. */
  parent: number;
  filter: Filter;
}

export function planQuery(query: QueryInput, options: QueryOptions = {}): PlannedStage[] {
  const stages = validateQuery(query, options);
  const index = new Map(stages.map((s, i) => [s.column, i]));
  return stages.map((s) => ({
    column: s.column,
    strategy: s.strategy,
    parent: s.derivedFrom === null ? -1 : index.get(s.derivedFrom)!,
    filter: reviveFilter(s.filter),
  }));
}

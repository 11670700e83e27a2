/** The stages of a query as the funnel names them, read without failing on a query the engine will refuse. */
import type { QueryInput } from '#shared/query/types';

export interface StageLabel {
  column: string;
  strategy: string;
}

export function stageLabels(query: QueryInput): StageLabel[] {
  const list = Array.isArray(query) ? query : [query];
  return list.map((q, i) => ({
    column: typeof q?.column === 'string' && q.column !== '' ? q.column : `stage ${i + 1}`,
    strategy: typeof q?.strategy === 'string' ? q.strategy : 'latest',
  }));
}

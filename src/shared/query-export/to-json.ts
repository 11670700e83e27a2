/** The query as JSON: exactly the query list of datalake.md §3, with Extended JSON values, two-space indent. */
import type { ExportableQuery } from './types';

export function queryToJson(q: ExportableQuery): string {
  return `${JSON.stringify(q.query, null, 2)}\n`;
}

/** How a connection is described in one line (sidebar tooltips, the top bar, the connections table). */
import type { Connection } from '#shared/contract';

export function connectionSubtitle(c: Connection): string {
  if (c.kind === 'embedded') return c.path ?? 'Embedded datalake';
  return [c.uriRedacted, c.dbName].filter(Boolean).join(' · ');
}

export const TIMESTAMP_LABELS = {
  utc: 'UTC (true instants)',
  'local-as-utc': 'Local time stored as UTC (Python writers)',
} as const;

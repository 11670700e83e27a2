/** How a connection is described in one line (sidebar tooltips, the top bar, the connections table). */
import type { Connection } from '#shared/contract';
import { REGISTRY_GENERATION_LABELS } from '#shared/registry-generation';

export function connectionSubtitle(c: Connection): string {
  if (c.kind === 'embedded') return c.path ?? 'Embedded datalake';
  return [c.uriRedacted, c.dbName].filter(Boolean).join(' · ');
}

export const TIMESTAMP_LABELS = {
  utc: 'UTC (true instants)',
  'local-as-utc': 'Local time stored as UTC (Python writers)',
} as const;

/** Registry layout generations, as the form's choices and the card's fact name them. */
export const REGISTRY_LAYOUT_LABELS = REGISTRY_GENERATION_LABELS;

/** The registry's folder from its `file://` URI (what a person recognises), or the URI itself. */
export function registryLocation(uri: string | undefined): string {
  if (!uri) return '—';
  try {
    return uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : uri;
  } catch {
    return uri;
  }
}

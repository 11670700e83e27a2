/**
 * How the library lists a query in one or two lines: its chain of columns, its base filter, when it ran,
 * how long it took, and a file name for it. Pure, so the wording is tested without a screen.
 */

type QueryList = ReadonlyArray<Record<string, unknown>>;

const RESERVED = new Set(['column', 'strategy', 'derived_from']);

/** `image_id → label_id → no bbox_id`: each column, with its strategy when it is not the default. */
export function stageChain(query: QueryList): string {
  if (query.length === 0) return 'Empty query';
  return query
    .map((stage, i) => {
      const column = typeof stage.column === 'string' && stage.column ? stage.column : `stage ${i + 1}`;
      const strategy = typeof stage.strategy === 'string' ? stage.strategy : 'latest';
      if (strategy === 'missing') return `no ${column}`;
      return strategy === 'latest' ? column : `${column} (${strategy})`;
    })
    .join(' → ');
}

/** The base stage's filter as `key: value` pairs (values as compact JSON); empty when it matches all. */
export function baseFilterText(query: QueryList): string {
  const base = query[0];
  if (!base) return '';
  return Object.entries(base)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
}

/** `just now`, `5 min ago`, `3 h ago` for today's runs; the date and time before that. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const seconds = (now.getTime() - at.getTime()) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (at.toDateString() === now.toDateString()) return `${Math.floor(seconds / 3600)} h ago`;
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `850 ms`, `1.2 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** `12 rows`, `1 row`, `12,400 rows`. */
export function formatRows(rows: number): string {
  return `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

/** A file name from a query's name: letters, digits, `-` and `_` kept, the rest folded to `-`. */
export function fileNameFor(name: string, extension: string): string {
  const stem =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'query';
  return `${stem}.${extension}`;
}

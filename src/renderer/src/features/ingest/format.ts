/** Sizes, rates and durations in plain words for the ingestion screens. */

// Shared with the export dialogs' job progress.
export { formatBytes, formatDuration } from '../../components/units';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;
}

/** Filters and paths that callers hand the engine outside queries (counts, groupings, samples). */
import { InvalidInputError } from '#shared/errors';
import { validateFilter } from '#shared/query/validate';
import { reviveFilter } from './query/revive-filter';
import type { Filter } from './stores/store';

/** A MongoDB filter on the datum document, as in queries (Extended JSON values allowed); `{}` is all. */
export type DatumFilter = Record<string, unknown>;

/** Validates a filter as queries are validated (no server-side code) and revives its Extended JSON. */
export function prepareFilter(filter: DatumFilter): Filter {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new InvalidInputError(`A filter must be an object, got ${JSON.stringify(filter)}`);
  }
  validateFilter(filter, 'the filter');
  return reviveFilter(filter);
}

export function checkPath(path: string): void {
  if (typeof path !== 'string' || path === '' || path.split('.').some((p) => p === '' || p.startsWith('$'))) {
    throw new InvalidInputError(
      `A field path must be dotted field names (e.g. "data.type"), got ${JSON.stringify(path)}`,
    );
  }
}

/** Headlines for typed errors, so a banner opens with what happened in plain words. */
import type { ErrorCode } from '#shared/errors';

const TITLES: Record<ErrorCode, string> = {
  DATUM_NOT_FOUND: 'A datum could not be found',
  QUERY_VALIDATION: 'The query is not valid',
  REGISTRY: 'A payload registry could not be read',
  STORE_UNAVAILABLE: 'The datalake cannot be reached',
  PAYLOAD_TOO_LARGE: 'The payload is too large',
  INVALID_INPUT: 'That was not accepted',
  NOT_FOUND: 'Not found',
  CANCELLED: 'Cancelled',
  FORBIDDEN: 'Not allowed',
  INTERNAL: 'Something went wrong',
};

export function errorTitle(code: string | undefined): string {
  return (code && TITLES[code as ErrorCode]) || TITLES.INTERNAL;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat().format(n);
}

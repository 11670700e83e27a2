/**
 * How backends report errors to the layout: always a RegistryError, with `details.notFound` set when the
 * object simply does not exist (so the layout can try the next version, or answer `has` = false).
 */
import { RegistryError } from '#shared/errors';

export function notFoundError(location: string, cause?: unknown): RegistryError {
  return new RegistryError(`No such registry file: ${location}`, { location, notFound: true }, { cause });
}

export function isNotFound(err: unknown): boolean {
  return err instanceof RegistryError && err.details.notFound === true;
}

/** Keeps RegistryErrors as they are; wraps anything else with a message that says what was being done. */
export function asRegistryError(
  err: unknown,
  context: string,
  details: Record<string, unknown> = {},
): RegistryError {
  if (err instanceof RegistryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RegistryError(`${context}: ${message}`, details, { cause: err });
}

/** Network-level failures: the endpoint is down, unreachable, or too slow. */
export function isNetworkError(err: unknown): boolean {
  const codes = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
    'ERR_SOCKET_CONNECTION_TIMEOUT',
  ]);
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (codes.has(e.code) || codes.has(e.errno)) return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.name === 'RequestTimeout') return true;
    if (Array.isArray(e.errors) && e.errors.some((x: any) => codes.has(x?.code))) return true;
  }
  return false;
}

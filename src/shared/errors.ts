/**
 * Typed errors shared by the engine, the services and the renderer's client.
 * Each class has a stable `code`, so an error survives a trip through an IPC or WebSocket envelope
 * and comes back as the same class on the other side (see `errorFromEnvelope`).
 */

export const ERROR_CODES = [
  'DATUM_NOT_FOUND',
  'QUERY_VALIDATION',
  'REGISTRY',
  'STORE_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CANCELLED',
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DatalakeError extends Error {
  readonly code: ErrorCode = 'INTERNAL';
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Unknown id, or a null id. `details.ids` lists every missing id. */
export class DatumNotFoundError extends DatalakeError {
  override readonly code = 'DATUM_NOT_FOUND';
}

/** Any problem with a query, found before the store is touched. */
export class QueryValidationError extends DatalakeError {
  override readonly code = 'QUERY_VALIDATION';
}

/** A registry could not be reached, read, written, or holds a corrupt object. */
export class RegistryError extends DatalakeError {
  override readonly code = 'REGISTRY';
}

/** Server down, bad URI, authentication failed, embedded folder unusable. */
export class StoreUnavailableError extends DatalakeError {
  override readonly code = 'STORE_UNAVAILABLE';
}

/** An inline payload over MongoDB's 16 MB document limit. */
export class PayloadTooLargeError extends DatalakeError {
  override readonly code = 'PAYLOAD_TOO_LARGE';
}

/** Input that does not fit a contract schema or an API's expectations. */
export class InvalidInputError extends DatalakeError {
  override readonly code = 'INVALID_INPUT';
}

/** Something other than a datum (a connection, a job) that does not exist. */
export class NotFoundError extends DatalakeError {
  override readonly code = 'NOT_FOUND';
}

/** A job or query stopped by its caller. */
export class CancelledError extends DatalakeError {
  override readonly code = 'CANCELLED';
}

/** A request refused by a host's security checks. */
export class ForbiddenError extends DatalakeError {
  override readonly code = 'FORBIDDEN';
}

const CLASSES: Record<ErrorCode, new (m: string, d?: Record<string, unknown>) => DatalakeError> = {
  DATUM_NOT_FOUND: DatumNotFoundError,
  QUERY_VALIDATION: QueryValidationError,
  REGISTRY: RegistryError,
  STORE_UNAVAILABLE: StoreUnavailableError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  INVALID_INPUT: InvalidInputError,
  NOT_FOUND: NotFoundError,
  CANCELLED: CancelledError,
  FORBIDDEN: ForbiddenError,
  INTERNAL: DatalakeError,
};

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Turns any thrown value into the error part of an envelope. Unknown errors become INTERNAL. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof DatalakeError) return { code: err.code, message: err.message, details: err.details };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message, details: {} };
}

/** Rebuilds the typed error from an envelope's error part. */
export function errorFromPayload(payload: ErrorPayload): DatalakeError {
  const Cls = CLASSES[payload.code] ?? DatalakeError;
  return new Cls(payload.message, payload.details);
}

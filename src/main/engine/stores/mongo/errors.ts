import { StoreUnavailableError } from '#shared/errors';

/** Explains a driver failure in plain words (DNS, refused, auth, TLS, timeout) as a StoreUnavailableError. */
export function storeUnavailable(err: unknown, uri: string): StoreUnavailableError {
  const where = redactUri(uri);
  const raw = err instanceof Error ? err.message : String(err);
  const text = `${raw} ${(err as { cause?: { message?: string } })?.cause?.message ?? ''}`;
  let reason: string;
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) reason = 'the host name could not be resolved (DNS)';
  else if (/ECONNREFUSED/i.test(text))
    reason = 'the connection was refused: no server is listening on that host and port';
  else if (/auth|credential|SCRAM|Unauthorized/i.test(text))
    reason = 'authentication failed: check the user name and password';
  else if (/TLS|SSL|certificate/i.test(text))
    reason = 'the TLS handshake failed: check the tls options and certificates';
  else if (/Server selection timed out|timed out|ETIMEDOUT/i.test(text))
    reason = 'the server did not answer in time';
  else if (/Invalid scheme|Invalid connection string|URI|must be a/i.test(text))
    reason = 'the connection string is not a valid MongoDB URI';
  else reason = raw;
  return new StoreUnavailableError(
    `Cannot use MongoDB at ${where}: ${reason}`,
    { uri: where, cause: raw },
    { cause: err },
  );
}

/** Hides the password of a connection string so it never reaches a message or a log. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

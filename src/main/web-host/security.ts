/**
 * The web host's request checks: a random token (query `token`, header `x-datalake-token`, or for static
 * files the cookie set when the page was opened with the token), an Origin that is the host itself, and a
 * Host header naming the loopback address (so a DNS-rebinding page cannot reach us under its own name).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'dlb_token';
export const TOKEN_HEADER = 'x-datalake-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** The explicit token of a request: `?token=` or the header (never the cookie). */
export function explicitToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  return url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined);
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Null when the request may proceed, else the reason it is refused (for the 403 body and logs). */
export function refusal(req: IncomingMessage, port: number): string | null {
  const host = req.headers.host;
  if (!host || !allowedOrigins(port).includes(`http://${host.toLowerCase()}`)) {
    return `Host "${host ?? ''}" is not this web host`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) {
    return `Origin "${origin}" is not allowed`;
  }
  return null;
}

/**
 * Splits the password out of a MongoDB connection string so connections.json never holds it,
 * and puts it back when the connection is opened. `***` is the placeholder the UI shows.
 */
import { InvalidInputError } from '#shared/errors';

export const PASSWORD_PLACEHOLDER = '***';

const USERINFO = /^(mongodb(?:\+srv)?:\/\/)([^:@/?#]*)(?::([^@/?#]*))?@/i;

export interface SplitUri {
  /** The URI with the password removed (the user name stays). */
  uri: string;
  /** The password as written in the URI (still percent-encoded), or undefined when there is none. */
  password: string | undefined;
}

/** Checks the scheme so a typo gets a plain answer before any driver sees it. */
export function checkMongoUri(uri: string): void {
  if (!/^mongodb(\+srv)?:\/\/\S+/i.test(uri)) {
    // Any scheme may carry `user:password@`; hide it even though this is not a MongoDB URI.
    const shown = uri.replace(/\/\/([^:/@]*):([^@/]*)@/, `//$1:${PASSWORD_PLACEHOLDER}@`);
    throw new InvalidInputError(
      `"${shown}" is not a MongoDB URI: it must start with mongodb:// or mongodb+srv://`,
      {
        field: 'uri',
      },
    );
  }
}

export function splitPassword(uri: string): SplitUri {
  const m = USERINFO.exec(uri);
  if (!m || m[3] === undefined) return { uri, password: undefined };
  return { uri: `${m[1]}${m[2]}@${uri.slice(m[0].length)}`, password: m[3] };
}

/** Puts a password back into a URI that has a user name and no password. */
export function joinPassword(uri: string, password: string | undefined): string {
  if (password === undefined) return uri;
  const m = USERINFO.exec(uri);
  if (!m || m[3] !== undefined) return uri;
  return `${m[1]}${m[2]}:${password}@${uri.slice(m[0].length)}`;
}

/** The URI as shown to the user: the password, if any, replaced by `***`. */
export function redactMongoUri(uri: string, hasPassword?: boolean): string {
  const { uri: bare, password } = splitPassword(uri);
  return password !== undefined || hasPassword ? joinPassword(bare, PASSWORD_PLACEHOLDER) : bare;
}

/**
 * Hash routes (`#/overview`, `#/datum/<id>`, `#/graph/<id>?row=…`): parsing and matching, pure so they are
 * unit-tested. The hash keeps deep links working from `file://` (Electron) and the web host alike, and the
 * browser's own history gives back and forward.
 */

export interface Location {
  /** The path after `#`, always starting with `/` (e.g. `/datum/65f0…`). */
  path: string;
  query: URLSearchParams;
}

export interface RouteMatch {
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** `#/datum/abc?x=1` → `{path: '/datum/abc', query: x=1}`; an empty or bare hash is `/`. */
export function parseHash(hash: string): Location {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  // Split at the first `?` only: `split('?', 2)` would drop whatever follows a second one.
  const at = raw.indexOf('?');
  const pathPart = at === -1 ? raw : raw.slice(0, at);
  const queryPart = at === -1 ? '' : raw.slice(at + 1);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, query: new URLSearchParams(queryPart) };
}

/** Builds `#/path?query` from a path and optional query values (undefined values are left out). */
export function toHash(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const q = params.toString();
  return `#${path.startsWith('/') ? path : `/${path}`}${q ? `?${q}` : ''}`;
}

/**
 * Matches a path against a pattern such as `/datum/:id`. Segments are compared exactly; `:name` takes one
 * segment (URL-decoded). Returns null when the path does not fit.
 */
export function matchPattern(pattern: string, location: Location): RouteMatch | null {
  const want = pattern.split('/').filter(Boolean);
  const have = location.path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return { path: location.path, params, query: location.query };
}

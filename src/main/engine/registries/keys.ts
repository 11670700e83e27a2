/**
 * Key and path safety for registries: an object key names one folder under the registry root and must never
 * reach outside it, whatever the backend (a folder, an S3 prefix, a GCS prefix).
 */
import { RegistryError } from '#shared/errors';

/** The layout version this engine writes, and the one older Python releases wrote. */
export const WRITE_VERSION = '1.0.0';
export const LEGACY_VERSION = '1';
/** Versions a reader looks for, in order of preference. */
export const READ_VERSIONS = [WRITE_VERSION, LEGACY_VERSION] as const;

export const REGISTRY_METADATA_FILE = 'registry_metadata.json';

// Control characters (NUL included) have no business in a key or a path and break some stores.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match them.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws RegistryError unless `key` is a single safe path segment. */
export function assertValidKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new RegistryError(`Invalid registry key ${JSON.stringify(key)}: a key must be a non-empty string`, {
      key,
    });
  }
  let reason: string | null = null;
  if (key === '.' || key === '..') reason = 'it names a relative folder';
  else if (key.includes('/') || key.includes('\\')) reason = 'it contains a path separator';
  else if (CONTROL.test(key)) reason = 'it contains a control character';
  else if (/^[a-zA-Z]:/.test(key)) reason = 'it looks like an absolute (drive) path';
  else if (key.trim() !== key) reason = 'it starts or ends with whitespace';
  if (reason) throw new RegistryError(`Invalid registry key ${JSON.stringify(key)}: ${reason}`, { key });
}

/** Throws RegistryError unless `relPath` is a '/'-separated relative path that stays inside the root. */
export function assertSafeRelPath(relPath: string): void {
  const bad = (reason: string) =>
    new RegistryError(`Unsafe registry path ${JSON.stringify(relPath)}: ${reason}`, { path: relPath });
  if (typeof relPath !== 'string' || relPath.length === 0) throw bad('empty path');
  if (relPath.startsWith('/') || /^[a-zA-Z]:/.test(relPath)) throw bad('absolute path');
  if (relPath.includes('\\')) throw bad('backslash');
  if (CONTROL.test(relPath)) throw bad('control character');
  for (const segment of relPath.split('/')) {
    if (segment === '' || segment === '.' || segment === '..')
      throw bad(`segment ${JSON.stringify(segment)}`);
  }
}

/** Like assertSafeRelPath, but for a listing prefix, which may be empty or end with '/'. */
export function assertSafePrefix(prefix: string): void {
  if (prefix === '') return;
  assertSafeRelPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** The Python library writes ':' as '_' in commit file names (keys like `name:tag`). */
export function metaFileName(key: string, version: string): string {
  return `_meta_${key.replaceAll(':', '_')}@${version}.yaml`;
}

/** The folder (with a trailing '/') that holds one object version's files. */
export function objectPrefix(key: string, version: string): string {
  return `${key}/${version}/`;
}

/** Code point order, which is Python's order for `str` (JS `<` compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done && cb.done ? 0 : ca.done ? -1 : 1;
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Path order as Python's `sorted(Path...)` has it: segment by segment, so 'a/b' sorts before 'a-b'. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = compareCodePoints(pa[i], pb[i]);
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}

export function sortPaths(paths: Iterable<string>): string[] {
  return [...paths].sort(comparePaths);
}

/** Pieces the S3 and GCS backends share: object names under a bucket prefix, and error-mapped streams. */
import { PassThrough, type Readable } from 'node:stream';
import { assertSafePrefix, assertSafeRelPath } from './keys';

/** A bucket and a prefix inside it ('' or 'a/b', no leading or trailing '/'). */
export interface BucketLocation {
  bucket: string;
  prefix: string;
}

/** The object name of `relPath` under the location's prefix. */
export function objectName(location: BucketLocation, relPath: string): string {
  assertSafeRelPath(relPath);
  return location.prefix ? `${location.prefix}/${relPath}` : relPath;
}

/** The listing prefix for `relPrefix` (which may be '' for the whole root). */
export function listingPrefix(location: BucketLocation, relPrefix: string): string {
  assertSafePrefix(relPrefix);
  return location.prefix ? `${location.prefix}/${relPrefix}` : relPrefix;
}

/** The relative path of a listed object name, or null when it is not a path this layout can address. */
export function relativeName(location: BucketLocation, name: string): string | null {
  const base = location.prefix ? `${location.prefix}/` : '';
  if (!name.startsWith(base)) return null;
  const rel = name.slice(base.length);
  try {
    assertSafeRelPath(rel);
    return rel;
  } catch {
    return null; // e.g. 'a//b' or a folder marker 'a/': not something the layout ever writes
  }
}

/** Re-emits a stream's data, turning its errors into RegistryErrors through `mapError`. */
export function mapStreamErrors(source: Readable, mapError: (err: unknown) => Error): Readable {
  const out = new PassThrough();
  source.on('error', (err) => out.destroy(mapError(err)));
  out.on('close', () => {
    if (!source.destroyed) source.destroy(); // the reader gave up early
  });
  source.pipe(out);
  return out;
}

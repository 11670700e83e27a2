/**
 * Pieces the S3 and GCS backends share: object names under a bucket prefix, error-mapped streams, and the
 * wording of the RegistryErrors their SDK failures become.
 */
import { PassThrough, type Readable } from 'node:stream';
import { RegistryError } from '#shared/errors';
import { isNetworkError, notFoundError } from './backend-errors';
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

/** Which cloud a backend talks to, for error messages. */
export interface CloudTarget {
  service: 'S3' | 'GCS';
  /** Whose credentials the SDK looks for: 'AWS' or 'Google Cloud'. */
  provider: string;
  /** The configured endpoint, or the service's own name when none is set. */
  endpoint: string;
  uri: string;
  bucket: string;
}

/** What a backend made of one SDK failure; `cloudRegistryError` turns it into a message. */
export interface CloudFailure {
  detail: string;
  /** The SDK's error code, kept in the error's details. */
  code: unknown;
  bucketMissing: boolean;
  notFound: boolean;
  /** The code the service refused access with; undefined when access was not refused. */
  refusedWith: string | number | undefined;
  noCredentials: boolean;
}

/**
 * The RegistryError for a failed cloud call, checked in order: missing bucket, missing object (only when
 * `location` names one), refused access, missing credentials, unreachable endpoint, anything else.
 */
export function cloudRegistryError(
  target: CloudTarget,
  err: unknown,
  action: string,
  location: string | undefined,
  failure: CloudFailure,
): RegistryError {
  const { service, uri } = target;
  const { detail } = failure;
  const details = { uri, bucket: target.bucket, code: failure.code };
  if (failure.bucketMissing) {
    return new RegistryError(`${service} bucket ${target.bucket} does not exist (registry ${uri})`, details, {
      cause: err,
    });
  }
  if (location && failure.notFound) return notFoundError(location, err);
  if (failure.refusedWith !== undefined) {
    return new RegistryError(
      `Access to ${service} registry ${uri} was refused (${failure.refusedWith}): check the credentials and permissions`,
      details,
      { cause: err },
    );
  }
  if (failure.noCredentials) {
    return new RegistryError(
      `No usable ${target.provider} credentials for registry ${uri}: ${detail}`,
      details,
      { cause: err },
    );
  }
  if (isNetworkError(err)) {
    return new RegistryError(
      `Cannot reach the ${service} endpoint ${target.endpoint} for registry ${uri}: ${detail}`,
      details,
      { cause: err },
    );
  }
  return new RegistryError(`${service} registry ${uri}: could not ${action}: ${detail}`, details, {
    cause: err,
  });
}

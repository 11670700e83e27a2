/**
 * From a registry URI to a Registry: `file:///abs/path` or a plain path, `s3://bucket/prefix`,
 * `gs://bucket/prefix`. Instances are cached per URI and options, so their clients and connections are reused.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistryError } from '#shared/errors';
import type { BucketLocation } from './cloud-common';
import { FileBackend } from './file-backend';
import { GcsBackend } from './gcs-backend';
import { generationFor } from './generations';
import { LayoutRegistry } from './layout';
import type { ObjectBackend, RegistryOptions } from './registry';
import { S3Backend } from './s3-backend';

export type ParsedRegistryUri =
  | { scheme: 'file'; root: string }
  | ({ scheme: 's3' } & BucketLocation)
  | ({ scheme: 'gs' } & BucketLocation);

const invalid = (uri: unknown, why: string) =>
  new RegistryError(`Invalid registry URI ${JSON.stringify(uri)}: ${why}`, { uri });

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
const CONTROL = /[\u0000-\u001f\u007f]/;
// Bucket names of S3 (3-63) and GCS (up to 222 with dots): letters, digits, '.', '-', '_'.
const BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,220}[a-zA-Z0-9]$/;

function parseBucketUri(uri: string, scheme: 's3' | 'gs'): ParsedRegistryUri {
  const rest = uri.slice(`${scheme}://`.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = (slash < 0 ? '' : rest.slice(slash + 1)).replace(/\/+$/, '');
  if (!BUCKET.test(bucket)) throw invalid(uri, `${JSON.stringify(bucket)} is not a valid bucket name`);
  if (prefix) {
    for (const segment of prefix.split('/')) {
      if (segment === '' || segment === '.' || segment === '..' || segment.includes('\\')) {
        throw invalid(uri, `the prefix has an unsafe segment ${JSON.stringify(segment)}`);
      }
    }
  }
  return { scheme, bucket, prefix };
}

/** Parses a registry URI; throws RegistryError naming the URI when it is malformed or of an unknown scheme. */
export function parseRegistryUri(uri: string): ParsedRegistryUri {
  if (typeof uri !== 'string' || uri.trim() === '') throw invalid(uri, 'empty');
  if (CONTROL.test(uri)) throw invalid(uri, 'it contains a control character');
  // A Windows drive path ('C:\\data', 'C:/data') is a path, not a one-letter scheme.
  const scheme = /^[a-zA-Z]:[\\/]/.test(uri) ? null : (/^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1] ?? null);
  if (scheme === null) {
    const expanded = uri === '~' || uri.startsWith('~/') ? path.join(homedir(), uri.slice(1)) : uri;
    return { scheme: 'file', root: path.resolve(expanded) };
  }
  switch (scheme.toLowerCase()) {
    case 'file': {
      if (!uri.startsWith('file://')) throw invalid(uri, "a file URI starts with 'file://'");
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw invalid(uri, 'malformed file URI');
      }
      if (url.host !== '' && url.host !== 'localhost')
        throw invalid(uri, `remote host ${url.host} is not supported`);
      if (url.search || url.hash) throw invalid(uri, 'a file URI takes no query or fragment');
      try {
        return { scheme: 'file', root: fileURLToPath(url) };
      } catch (err) {
        throw invalid(uri, (err as Error).message);
      }
    }
    case 's3':
    case 'gs': {
      const s = scheme.toLowerCase() as 's3' | 'gs';
      if (!uri.toLowerCase().startsWith(`${s}://`)) throw invalid(uri, `expected ${s}://bucket/prefix`);
      return parseBucketUri(uri, s);
    }
    default:
      throw new RegistryError(
        `Unsupported registry URI ${JSON.stringify(uri)}: unknown scheme "${scheme}:" (use file://, s3:// or gs://)`,
        { uri, scheme },
      );
  }
}

function makeBackend(parsed: ParsedRegistryUri, uri: string, options: RegistryOptions): ObjectBackend {
  switch (parsed.scheme) {
    case 'file':
      return new FileBackend(parsed.root);
    case 's3':
      return new S3Backend(parsed, options.s3 ?? {}, uri);
    case 'gs':
      return new GcsBackend(parsed, options.gcs ?? {}, uri);
  }
}

/** JSON with sorted keys, so that equal options give equal cache keys. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

const cache = new Map<string, LayoutRegistry>();

/** The Registry for a URI, created on first use and cached per URI and (scheme-relevant) options. */
export function openRegistry(uri: string, options: RegistryOptions = {}): LayoutRegistry {
  const parsed = parseRegistryUri(uri);
  const relevant = parsed.scheme === 's3' ? options.s3 : parsed.scheme === 'gs' ? options.gcs : undefined;
  const generation = generationFor(options.generation, uri, parsed.scheme);
  const cacheKey = `${uri}\u0000${stableJson(relevant ?? {})}\u0000${generation}`;
  let registry = cache.get(cacheKey);
  if (!registry) {
    registry = new LayoutRegistry(uri, makeBackend(parsed, uri, options), generation);
    cache.set(cacheKey, registry);
  }
  return registry;
}

/** Closes and forgets every cached registry (for shutdown and tests). */
export function clearRegistryCache(): void {
  for (const registry of cache.values()) registry.close();
  cache.clear();
}

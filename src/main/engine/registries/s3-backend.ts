/**
 * A registry root under `s3://bucket/prefix`. Each object is one upload (atomic per object); bodies above the
 * multipart threshold go up as multipart uploads in parts, so a large stream is never held in memory.
 * Credentials come from the SDK's default chain unless the per-URI options give some.
 */

import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { RegistryError } from '#shared/errors';
import {
  type BucketLocation,
  type CloudTarget,
  cloudRegistryError,
  listingPrefix,
  mapStreamErrors,
  objectName,
  relativeName,
} from './cloud-common';
import { sortPaths } from './keys';
import type { ObjectBackend, RegistryOptions } from './registry';

export type S3Options = NonNullable<RegistryOptions['s3']>;

export const DEFAULT_MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchEntity']);
const DENIED = new Set([
  'AccessDenied',
  'Forbidden',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
]);

export class S3Backend implements ObjectBackend {
  private client: S3Client;
  private ready: Promise<void> | null = null;
  private readonly partSize: number;
  private readonly target: CloudTarget;

  constructor(
    private readonly location: BucketLocation,
    private readonly options: S3Options = {},
    /** The registry URI, for error messages. */
    private readonly uri = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`,
  ) {
    this.partSize = Math.max(MIN_PART_SIZE, options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD);
    this.client = this.makeClient(options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION);
    this.target = {
      service: 'S3',
      provider: 'AWS',
      endpoint: options.endpoint ?? 'AWS S3',
      uri,
      bucket: location.bucket,
    };
  }

  private makeClient(region: string | undefined): S3Client {
    const { endpoint, credentials } = this.options;
    const config: S3ClientConfig = {
      region,
      endpoint,
      credentials,
      forcePathStyle: this.options.forcePathStyle ?? Boolean(endpoint),
      followRegionRedirects: true,
      // Fail within seconds when the endpoint is down; the request timeout is per socket inactivity,
      // so long uploads are not cut short.
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
    };
    if (endpoint) {
      // Default streaming checksums leave aws-chunked framing inside objects on some S3-compatible servers.
      config.requestChecksumCalculation = 'WHEN_REQUIRED';
      config.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    return new S3Client(config);
  }

  /** Checks once that the bucket can be reached, so that a bad endpoint or bucket fails with a clear error. */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.config.region();
      } catch {
        // No region anywhere in the chain: any region works for S3 with region redirects on.
        this.client.destroy();
        this.client = this.makeClient('us-east-1');
      }
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 403) return; // objects may be accessible without s3:ListBucket; let each call decide
        throw this.mapError(err, `open ${this.uri}`);
      }
    })().catch((err) => {
      this.ready = null; // try again next time: the server may come up
      throw err;
    });
    return this.ready;
  }

  private mapError(err: unknown, action: string, location?: string): RegistryError {
    if (err instanceof RegistryError) return err;
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const name = e.name ?? '';
    const status = e.$metadata?.httpStatusCode;
    const detail = e.message || name || String(err);
    const refused = DENIED.has(name) || status === 403 || status === 401;
    return cloudRegistryError(this.target, err, action, location, {
      detail,
      code: name,
      bucketMissing: name === 'NoSuchBucket' || (status === 404 && action.startsWith('open')),
      notFound: NOT_FOUND.has(name) || status === 404,
      refusedWith: refused ? name || status : undefined,
      noCredentials: name === 'CredentialsProviderError' || /credential/i.test(detail),
    });
  }

  private url(name: string): string {
    return `s3://${this.location.bucket}/${name}`;
  }

  async write(relPath: string, body: Buffer | Readable): Promise<void> {
    const Key = objectName(this.location, relPath);
    await this.ensureReady();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.location.bucket, Key, Body: body },
      partSize: this.partSize,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) body.destroy();
      throw this.mapError(err, `write ${this.url(Key)}`);
    }
  }

  private async get(relPath: string) {
    const Key = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      return await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key }));
    } catch (err) {
      throw this.mapError(err, `read ${this.url(Key)}`, this.url(Key));
    }
  }

  async read(relPath: string): Promise<Buffer> {
    const res = await this.get(relPath);
    try {
      const bytes = await res.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      throw this.mapError(err, `read ${this.url(objectName(this.location, relPath))}`);
    }
  }

  async readStream(relPath: string): Promise<Readable> {
    const res = await this.get(relPath);
    const where = this.url(objectName(this.location, relPath));
    return mapStreamErrors(res.Body as Readable, (err) => this.mapError(err, `read ${where}`));
  }

  async size(relPath: string): Promise<number> {
    const Key = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key }));
      return head.ContentLength ?? 0;
    } catch (err) {
      throw this.mapError(err, `check ${this.url(Key)}`, this.url(Key));
    }
  }

  async exists(relPath: string): Promise<boolean> {
    const Key = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key }));
      return true;
    } catch (err) {
      const mapped = this.mapError(err, `check ${this.url(Key)}`, this.url(Key));
      if (mapped.details.notFound) return false;
      throw mapped;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const Prefix = listingPrefix(this.location, prefix) || undefined;
    await this.ensureReady();
    const found: string[] = [];
    let ContinuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix, ContinuationToken }),
        );
        for (const item of page.Contents ?? []) {
          const rel = item.Key ? relativeName(this.location, item.Key) : null;
          if (rel !== null) found.push(rel);
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    } catch (err) {
      throw this.mapError(err, `list ${this.url(Prefix ?? '')}`);
    }
    return sortPaths(found);
  }

  async remove(relPaths: string[]): Promise<void> {
    if (relPaths.length === 0) return;
    const keys = relPaths.map((p) => objectName(this.location, p));
    await this.ensureReady();
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      try {
        const res = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.location.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
        if (failed.length > 0) {
          const first = failed[0];
          throw new RegistryError(
            `S3 registry ${this.uri}: could not delete ${failed.length} object(s), first ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim(),
            { uri: this.uri, keys: failed.map((e) => e.Key) },
          );
        }
      } catch (err) {
        throw this.mapError(err, `delete objects under ${this.url(keys[0])}`);
      }
    }
  }

  locate(relPath: string): string {
    return this.url(objectName(this.location, relPath));
  }

  close(): void {
    this.client.destroy();
  }
}

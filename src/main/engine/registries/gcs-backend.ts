/**
 * A registry root under `gs://bucket/prefix`. Each object is one upload (atomic per object): buffers go up in
 * one request, streams as resumable uploads so a large payload is never held in memory. Credentials come from
 * Application Default Credentials unless the per-URI options name a key file.
 */

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Bucket, type File, Storage, type StorageOptions } from '@google-cloud/storage';
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

export type GcsOptions = NonNullable<RegistryOptions['gcs']>;

function storageOptions(options: GcsOptions, quick: boolean): StorageOptions {
  return {
    apiEndpoint: options.apiEndpoint,
    projectId: options.projectId,
    keyFilename: options.keyFilename,
    // The probe fails fast; working requests get a few retries but no per-request timeout, which would
    // cut a large upload short.
    ...(quick ? { timeout: 4_000 } : {}),
    retryOptions: quick ? { autoRetry: false, maxRetries: 0 } : { maxRetries: 2, totalTimeout: 120 },
  };
}

export class GcsBackend implements ObjectBackend {
  private readonly bucket: Bucket;
  private readonly probeBucket: Bucket;
  private readonly target: CloudTarget;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly location: BucketLocation,
    private readonly options: GcsOptions = {},
    private readonly uri = `gs://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`,
  ) {
    this.bucket = new Storage(storageOptions(options, false)).bucket(location.bucket);
    this.probeBucket = new Storage(storageOptions(options, true)).bucket(location.bucket);
    this.target = {
      service: 'GCS',
      provider: 'Google Cloud',
      endpoint: options.apiEndpoint ?? 'Google Cloud Storage',
      uri,
      bucket: location.bucket,
    };
  }

  /** Checks once that the bucket can be reached, so that a bad endpoint or bucket fails with a clear error. */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.probeBucket.getMetadata();
      } catch (err) {
        if ((err as { code?: unknown }).code === 403) return; // object roles need not include buckets.get
        throw this.mapError(err, `open ${this.uri}`);
      }
    })().catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  private mapError(err: unknown, action: string, location?: string): RegistryError {
    if (err instanceof RegistryError) return err;
    const e = err as { code?: unknown; message?: string };
    const detail = e.message || String(err);
    const saysNoBucket = /bucket does not exist|no such bucket/i.test(detail);
    return cloudRegistryError(this.target, err, action, location, {
      detail,
      code: e.code,
      bucketMissing: e.code === 404 && (saysNoBucket || action.startsWith('open')),
      notFound: e.code === 404,
      refusedWith: e.code === 401 || e.code === 403 ? e.code : undefined,
      noCredentials: /default credentials|could not load the credentials|invalid_grant/i.test(detail),
    });
  }

  private url(name: string): string {
    return `gs://${this.location.bucket}/${name}`;
  }

  async write(relPath: string, body: Buffer | Readable): Promise<void> {
    const name = objectName(this.location, relPath);
    await this.ensureReady();
    const file = this.bucket.file(name);
    try {
      if (Buffer.isBuffer(body)) await file.save(body, { resumable: false });
      else await this.upload(file, body);
    } catch (err) {
      throw this.mapError(err, `write ${this.url(name)}`);
    }
  }

  /**
   * Streams a body up as a resumable upload on its own HTTP agent. When the source fails, the SDK (7.x)
   * destroys its upload stream without aborting the HTTP request, and may even open the upload connection
   * afterwards; that socket would stay open forever (and stall a single-threaded emulator). Closing the
   * agent ends its sockets and refuses new ones.
   */
  private async upload(file: File, body: Readable): Promise<void> {
    // Behind a proxy, gaxios must pick its own proxy agent; real GCS times such sockets out anyway.
    if (PROXY_VARS.some((name) => process.env[name])) {
      await pipeline(body, file.createWriteStream({ resumable: true }));
      return;
    }
    const secure = !(this.options.apiEndpoint ?? '').startsWith('http://');
    const agent = closableAgent(secure);
    // The SDK types interceptors as `request` library options; gaxios, which sends the upload, reads `agent`.
    file.interceptors.push({ request: (reqOpts: any) => ({ ...reqOpts, agent: agent.agent }) });
    try {
      await pipeline(body, file.createWriteStream({ resumable: true }));
    } finally {
      agent.close();
    }
  }

  async read(relPath: string): Promise<Buffer> {
    const name = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      const [contents] = await this.bucket.file(name).download();
      return contents;
    } catch (err) {
      throw this.mapError(err, `read ${this.url(name)}`, this.url(name));
    }
  }

  async readStream(relPath: string): Promise<Readable> {
    const name = objectName(this.location, relPath);
    await this.ensureReady();
    const file = this.bucket.file(name);
    // Fail here, not inside the stream, when the file is missing.
    try {
      await file.getMetadata();
    } catch (err) {
      throw this.mapError(err, `read ${this.url(name)}`, this.url(name));
    }
    return mapStreamErrors(file.createReadStream(), (err) => this.mapError(err, `read ${this.url(name)}`));
  }

  async size(relPath: string): Promise<number> {
    const name = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      const [metadata] = await this.bucket.file(name).getMetadata();
      return Number(metadata.size ?? 0);
    } catch (err) {
      throw this.mapError(err, `check ${this.url(name)}`, this.url(name));
    }
  }

  async exists(relPath: string): Promise<boolean> {
    const name = objectName(this.location, relPath);
    await this.ensureReady();
    try {
      const [exists] = await this.bucket.file(name).exists();
      return exists;
    } catch (err) {
      throw this.mapError(err, `check ${this.url(name)}`);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const fullPrefix = listingPrefix(this.location, prefix);
    await this.ensureReady();
    try {
      const [files] = await this.bucket.getFiles({ prefix: fullPrefix || undefined, autoPaginate: true });
      const found = files
        .map((f) => relativeName(this.location, f.name))
        .filter((r): r is string => r !== null);
      return sortPaths(found);
    } catch (err) {
      throw this.mapError(err, `list ${this.url(fullPrefix)}`);
    }
  }

  async remove(relPaths: string[]): Promise<void> {
    if (relPaths.length === 0) return;
    const names = relPaths.map((p) => objectName(this.location, p));
    await this.ensureReady();
    // In order, one at a time: the caller relies on the commit file going first.
    for (const name of names) {
      try {
        await this.bucket.file(name).delete({ ignoreNotFound: true });
      } catch (err) {
        throw this.mapError(err, `delete ${this.url(name)}`);
      }
    }
  }

  locate(relPath: string): string {
    return this.url(objectName(this.location, relPath));
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

function closableAgent(secure: boolean): { agent: HttpAgent; close(): void } {
  const agent = secure ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
  let closed = false;
  const create = agent.createConnection.bind(agent);
  agent.createConnection = ((options: never, callback: never) => {
    const socket = create(options, callback);
    if (closed) process.nextTick(() => socket?.destroy(new Error('upload cancelled')));
    return socket;
  }) as typeof agent.createConnection;
  return {
    agent,
    close() {
      closed = true;
      agent.destroy();
    },
  };
}

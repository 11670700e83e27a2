/**
 * Uploads for drag-and-drop ingestion: the request body is streamed to a temporary file (never held in
 * memory) and remembered under an id that later calls can refer to. Files go when the host closes.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError, PayloadTooLargeError } from '#shared/errors';

export interface Upload {
  uploadId: string;
  /** The file name the browser gave (`x-file-name`, percent-encoded), reduced to its last segment. */
  name: string;
  path: string;
  size: number;
}

export class UploadStore {
  private dir: string | undefined;
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly maxBytes = 20 * 1024 ** 3) {}

  get(uploadId: string): Upload | undefined {
    return this.uploads.get(uploadId);
  }

  async receive(req: IncomingMessage): Promise<Upload> {
    const name = fileName(req.headers['x-file-name']);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      throw new PayloadTooLargeError(
        `The upload "${name}" is ${declared} bytes; the limit is ${this.maxBytes}`,
        { name },
      );
    }
    this.dir ??= await mkdtemp(join(tmpdir(), 'datalake-browser-uploads-'));
    const uploadId = randomUUID();
    const path = join(this.dir, uploadId);
    let size = 0;
    const max = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max)
          done(new PayloadTooLargeError(`The upload "${name}" is over the limit of ${max} bytes`, { name }));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(path, { mode: 0o600 }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    const upload = { uploadId, name, path, size };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  async close(): Promise<void> {
    this.uploads.clear();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

function fileName(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new InvalidInputError('An upload needs an x-file-name header', { header: 'x-file-name' });
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const name = basename(decoded.replaceAll('\\', '/')).replaceAll('\0', '');
  if (!name || name === '.' || name === '..')
    throw new InvalidInputError(`"${raw}" is not a usable file name`, { name: raw });
  return name;
}

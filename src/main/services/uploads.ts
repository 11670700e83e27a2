/**
 * Uploads for drag-and-drop ingestion from a browser: a body is streamed to a temporary file (never held in
 * memory) and remembered under an id that later calls of the same session can refer to. An upload belongs
 * to its session and its file goes when that session ends (or the host closes).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError, NotFoundError, PayloadTooLargeError } from '#shared/errors';
import type { ClientSession } from './sessions';

export interface Upload {
  uploadId: string;
  /** The file name the client gave, reduced to its last segment. */
  name: string;
  path: string;
  size: number;
  sessionId: string;
}

export interface IncomingUpload {
  /** The raw name as sent (percent-encoded is fine). */
  name: string | undefined;
  /** The declared length, when the client sent one: refused early when over the limit. */
  declaredSize?: number;
  body: Readable;
}

export class UploadStore {
  private dir: string | undefined;
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly maxBytes = 20 * 1024 ** 3) {}

  /** The session's upload with this id (NotFoundError for another session's or an unknown id). */
  get(session: ClientSession, uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.sessionId !== session.id) {
      throw new NotFoundError(`No upload "${uploadId}" in this session`, { uploadId });
    }
    return upload;
  }

  async receive(incoming: IncomingUpload, session: ClientSession): Promise<Upload> {
    const name = fileName(incoming.name);
    if (incoming.declaredSize !== undefined && incoming.declaredSize > this.maxBytes) {
      incoming.body.resume(); // drain, so the client sees the answer instead of a reset
      throw new PayloadTooLargeError(
        `The upload "${name}" is ${incoming.declaredSize} bytes; the limit is ${this.maxBytes}`,
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
      await pipeline(incoming.body, counter, createWriteStream(path, { mode: 0o600 }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    const upload: Upload = { uploadId, name, path, size, sessionId: session.id };
    this.uploads.set(uploadId, upload);
    session.onDispose(() => this.remove(uploadId));
    return upload;
  }

  /** Forgets an upload and deletes its file. */
  async remove(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    await rm(upload.path, { force: true });
  }

  async close(): Promise<void> {
    this.uploads.clear();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

function fileName(raw: string | undefined): string {
  if (!raw)
    throw new InvalidInputError('An upload needs a file name (x-file-name header)', {
      header: 'x-file-name',
    });
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

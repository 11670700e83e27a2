/**
 * Payload bytes for the payload route (`GET /payload/<id>` on the web host, the `datalake-payload:` scheme in
 * Electron): one file of a registry datum's object, streamed with its media type. Small objects are checked
 * against their hash before the first byte goes out, so a corrupt object is a clear error, not a broken
 * picture; larger single-file objects are checked as they stream. Numpy image arrays can be asked for as PNG.
 */
import { Readable } from 'node:stream';
import type { ErrorPayload } from '#shared/contract';
import {
  DatumNotFoundError,
  InvalidInputError,
  PayloadTooLargeError,
  RegistryError,
  toErrorPayload,
} from '#shared/errors';
import { drawArrayAsPng } from './array-png';
import { isDrawableArray } from './datums-service';
import type { DatalakeLender } from './query-service';

export interface PayloadRequest {
  id: string;
  /** One of the object's files; default: the file a viewer shows (the picture, data.json, …). */
  file?: string;
  /** `png`: a numpy image array drawn as a PNG. */
  as?: 'png';
}

export interface PayloadResponse {
  body: Readable;
  mediaType: string;
  size: number;
  fileName: string;
}

export interface PayloadServiceOptions {
  /** Largest file served (default 4 GiB). */
  maxBytes?: number;
  /** Objects up to this size are verified before streaming (default 32 MiB). */
  verifyFirstBytes?: number;
}

const HEX24 = /^[0-9a-f]{24}$/i;
const MAX_PNG_PIXELS = 64 * 1024 * 1024;

export class PayloadService {
  private readonly maxBytes: number;
  private readonly verifyFirstBytes: number;

  constructor(
    private readonly lender: DatalakeLender,
    options: PayloadServiceOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
    this.verifyFirstBytes = options.verifyFirstBytes ?? 32 * 1024 ** 2;
  }

  async open(request: PayloadRequest): Promise<PayloadResponse> {
    if (!HEX24.test(request.id)) {
      throw new InvalidInputError(`"${request.id.slice(0, 100)}" is not a datum id (24 hex characters)`, {
        id: request.id.slice(0, 100),
      });
    }
    const lease = await this.lender.acquire();
    let handedOver = false;
    try {
      const dl = lease.datalake;
      const [datum] = await dl.findData([request.id]);
      if (!datum) throw new DatumNotFoundError(`Datum not found: ${request.id}`, { ids: [request.id] });
      if (!datum.registryUri || !datum.registryKey) {
        throw new InvalidInputError(
          `Datum ${request.id} keeps its data inline: it has no payload file (its data comes with the datum)`,
          { id: request.id },
        );
      }
      const description = await dl.describePayload(datum);
      const file = request.file ?? description.mainFile;
      if (!file) {
        throw new InvalidInputError(
          `Datum ${request.id} holds a ${description.kind} payload (${description.info.className}) that the app does not show; ask for one of its files: ${description.files.map((f) => f.path).join(', ')}`,
          { id: request.id, files: description.files.map((f) => f.path) },
        );
      }
      const entry = description.files.find((f) => f.path === file);
      if (!entry) {
        throw new InvalidInputError(`${file} is not a file of datum ${request.id}'s payload`, {
          id: request.id,
          file,
        });
      }
      if (entry.size > this.maxBytes) {
        throw new PayloadTooLargeError(
          `${file} of datum ${request.id} is ${entry.size} bytes, over the ${this.maxBytes}-byte limit of the payload route`,
          { id: request.id, size: entry.size, limit: this.maxBytes },
        );
      }
      if (description.size <= this.verifyFirstBytes) {
        const check = await dl.verifyPayload(datum);
        if (check.ok === false) {
          throw new RegistryError(
            `The payload of datum ${request.id} is corrupt: its files do not match the recorded hash (expected ${check.expected}, found ${check.actual})`,
            { id: request.id, corrupt: true, expected: check.expected, actual: check.actual },
          );
        }
      }
      if (request.as === 'png') {
        if (description.kind !== 'ndarray' || !isDrawableArray(description.array)) {
          throw new InvalidInputError(
            `Datum ${request.id}'s payload is not an image array that can be drawn as PNG`,
            {
              id: request.id,
            },
          );
        }
        const [h, w] = description.array!.shape;
        if (h * w > MAX_PNG_PIXELS) {
          throw new PayloadTooLargeError(`Datum ${request.id}'s array is too large to draw (${w} × ${h})`, {
            id: request.id,
          });
        }
        const npy = await readAll(await dl.openPayloadFile(datum, 'data.npy'));
        const png = drawArrayAsPng(npy);
        return {
          body: Readable.from([png]),
          mediaType: 'image/png',
          size: png.length,
          fileName: `${request.id}.png`,
        };
      }
      const body = await dl.openPayloadFile(datum, file);
      // The datalake stays borrowed until the last byte has gone (or the client went away).
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          lease.release();
        }
      };
      body.once('close', release);
      body.once('end', release);
      body.once('error', release);
      handedOver = true;
      const mediaType =
        file === description.mainFile && description.mediaType
          ? description.mediaType
          : 'application/octet-stream';
      return { body, mediaType, size: entry.size, fileName: file };
    } finally {
      if (!handedOver) lease.release();
    }
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The HTTP status for a payload error, the same on both hosts. */
export function payloadErrorStatus(error: ErrorPayload): number {
  switch (error.code) {
    case 'INVALID_INPUT':
      return 400;
    case 'DATUM_NOT_FOUND':
    case 'NOT_FOUND':
      return 404;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'REGISTRY':
      if (error.details.corrupt) return 422;
      return /does not exist|No such registry file/.test(error.message) ? 404 : 502;
    case 'STORE_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}

/** The error body both hosts send: the contract's envelope. */
export function payloadErrorBody(err: unknown): { status: number; body: string } {
  const error = toErrorPayload(err);
  return { status: payloadErrorStatus(error), body: JSON.stringify({ ok: false, error }) };
}

/** Response headers for a payload, the same on both hosts. Registry objects never change once written. */
export function payloadHeaders(payload: PayloadResponse): Record<string, string> {
  return {
    'content-type': payload.mediaType,
    'content-length': String(payload.size),
    'cache-control': 'private, max-age=86400',
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(payload.fileName)}`,
  };
}

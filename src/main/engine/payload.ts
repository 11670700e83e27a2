/** Decides how an `addDatum` payload is stored: inline in the document, or as a registry object. */
import { Readable } from 'node:stream';
import type { PayloadInput } from './registries/registry';

/** A file on disk to store in a registry, streamed (never read whole into memory). */
export class FilePayload {
  constructor(readonly path: string) {}
}

/** A stream of bytes (an upload) to store in a registry; `name` helps recognise images. */
export class StreamPayload {
  constructor(
    readonly stream: Readable,
    readonly name?: string,
  ) {}
}

export function toPayloadInput(data: unknown): PayloadInput {
  if (data instanceof FilePayload) return { kind: 'file', path: data.path };
  if (data instanceof StreamPayload) return { kind: 'stream', stream: data.stream, name: data.name };
  if (data instanceof Uint8Array) return { kind: 'bytes', bytes: data };
  return { kind: 'json', value: data };
}

/** Files and streams only make sense in a registry. */
export function needsRegistry(data: unknown): boolean {
  return data instanceof FilePayload || data instanceof StreamPayload || data instanceof Readable;
}

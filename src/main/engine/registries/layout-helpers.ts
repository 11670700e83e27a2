/** Helpers of the layout registry: hashing and commit-file bytes of a save, the streaming hash check, metadata as plain YAML values. */
import { pipeline, type Readable, Transform } from 'node:stream';
import { RegistryError } from '#shared/errors';
import { type CommitFields, stringifyCommitFile } from './commit-file';
import { EitherHasher, type ObjectHasher } from './hash';
import type { encodePayload } from './materializers';
import type { PayloadInput, RegistryObjectInfo } from './registry';

export type CommitFieldsOf = (
  files: string[],
  hash: string,
  className: string,
  materializer: string,
) => CommitFields;

/** The bytes of one file, fed to the object hash as they go to the backend. */
export function hashed(hasher: ObjectHasher, body: Buffer | Readable): Buffer | Readable {
  if (Buffer.isBuffer(body)) {
    hasher.update(body);
    return body;
  }
  const tap = hasher.tap();
  pipeline(body, tap, () => {}); // errors reach the backend through `tap`
  return tap;
}

export function commitFileBytes(fields: CommitFieldsOf, info: RegistryObjectInfo): Buffer {
  return Buffer.from(
    stringifyCommitFile(fields(info.files, info.hash!, info.className, info.materializer)),
    'utf8',
  );
}

/** Releases whatever input was not consumed (an open file, the caller's stream). */
export function releaseInput(
  payload: PayloadInput,
  encoded: Awaited<ReturnType<typeof encodePayload>> | null,
): void {
  if (payload.kind === 'stream') payload.stream.destroy();
  for (const file of encoded?.files ?? []) if (!Buffer.isBuffer(file.body)) file.body.destroy();
}

export function verifyingStream(key: string, file: string, expected: string): Transform {
  const hasher = new EitherHasher();
  hasher.beginFile(file);
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hasher.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const { framing, plain, framed } = hasher.match(expected);
      if (framing) callback();
      else
        callback(
          new RegistryError(`Hash mismatch for ${file} of registry object ${key}`, {
            key,
            expected,
            actual: { plain, framed },
          }),
        );
    },
  });
}

/** Metadata as plain YAML-able values (ObjectIds and the like through their toJSON). */
export function toPlainMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const plain = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) return v;
    if (Array.isArray(v)) return v.map(plain);
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function')
      return plain((v as { toJSON(): unknown }).toJSON());
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, plain(x)]),
    );
  };
  return plain(metadata ?? {}) as Record<string, unknown>;
}

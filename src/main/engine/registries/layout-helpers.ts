/** Helpers of the layout registry: the streaming hash check and metadata as plain YAML values. */
import { Transform } from 'node:stream';
import { RegistryError } from '#shared/errors';
import { EitherHasher } from './hash';

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

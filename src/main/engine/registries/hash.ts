/**
 * The object hash of the Python layout: SHA-256 over every file of one object version, in path order,
 * feeding each file's relative path (UTF-8) and then its bytes, with no separators. It is computed while the
 * bytes stream past, so a 2 GB payload is never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class ObjectHasher {
  private readonly hash: Hash = createHash('sha256');
  private done = false;

  /** Starts the next file; files must be fed in path order. */
  beginFile(relPath: string): void {
    this.hash.update(Buffer.from(relPath, 'utf8'));
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  /** A pass-through stream that feeds every chunk it carries into the hash. */
  tap(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        this.hash.update(chunk);
        callback(null, chunk);
      },
    });
  }

  digest(): string {
    if (this.done) throw new Error('ObjectHasher.digest() called twice');
    this.done = true;
    return this.hash.digest('hex');
  }
}

/** Hash of files already in memory, given as [relPath, bytes] in any order. */
export function hashObjectFiles(
  files: Iterable<[string, Uint8Array]>,
  compare: (a: string, b: string) => number,
) {
  const hasher = new ObjectHasher();
  for (const [relPath, bytes] of [...files].sort((a, b) => compare(a[0], b[0]))) {
    hasher.beginFile(relPath);
    hasher.update(bytes);
  }
  return hasher.digest();
}

/**
 * The object hash of the Python layout: SHA-256 over every file of one object version, files in path order.
 * Two framings exist (generations.ts):
 * - `plain` (mindtrace-core before 0.13): each file's relative path (UTF-8), then its bytes, no separators;
 * - `framed` (mindtrace-core 0.13+): `P\0`, the path, `\0C\0`, the bytes, `\0F\0` for each file.
 * It is computed while the bytes stream past, so a 2 GB payload is never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { HashFraming } from './generations';

const PATH_MARK = Buffer.from('P\0', 'latin1');
const CONTENT_MARK = Buffer.from('\0C\0', 'latin1');
const FILE_END = Buffer.from('\0F\0', 'latin1');

export class ObjectHasher {
  private readonly hash: Hash = createHash('sha256');
  private inFile = false;
  private done = false;

  constructor(readonly framing: HashFraming = 'plain') {}

  /** Starts the next file; files must be fed in path order. */
  beginFile(relPath: string): void {
    this.endFile();
    if (this.framing === 'framed') this.hash.update(PATH_MARK);
    this.hash.update(Buffer.from(relPath, 'utf8'));
    if (this.framing === 'framed') this.hash.update(CONTENT_MARK);
    this.inFile = true;
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
    this.endFile();
    this.done = true;
    return this.hash.digest('hex');
  }

  private endFile(): void {
    if (this.inFile && this.framing === 'framed') this.hash.update(FILE_END);
    this.inFile = false;
  }
}

/** Hash of files already in memory, given as [relPath, bytes] in any order. */
export function hashObjectFiles(
  files: Iterable<[string, Uint8Array]>,
  compare: (a: string, b: string) => number,
  framing: HashFraming = 'plain',
): string {
  const hasher = new ObjectHasher(framing);
  for (const [relPath, bytes] of [...files].sort((a, b) => compare(a[0], b[0]))) {
    hasher.beginFile(relPath);
    hasher.update(bytes);
  }
  return hasher.digest();
}

/** Both framings of one object at once, for readers that accept either generation. */
export class EitherHasher {
  private readonly hashers = [new ObjectHasher('plain'), new ObjectHasher('framed')] as const;

  beginFile(relPath: string): void {
    for (const h of this.hashers) h.beginFile(relPath);
  }

  update(chunk: Uint8Array): void {
    for (const h of this.hashers) h.update(chunk);
  }

  /** The framing whose digest equals `expected`, or null with both digests for the error message. */
  match(expected: string): { framing: HashFraming | null; plain: string; framed: string } {
    const [plain, framed] = this.hashers.map((h) => h.digest());
    const framing = plain === expected ? 'plain' : framed === expected ? 'framed' : null;
    return { framing, plain, framed };
  }
}

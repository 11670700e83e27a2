/**
 * Puts one file of a dataset folder in place. The bytes go to `<name>.partial` and are renamed when whole,
 * so a crash or a cancel never leaves a half-written file under its real name. Each byte is read once:
 * the registry stream (which checks a one-file object against the registry's hash as it goes) feeds the
 * SHA-256 recorded in the manifest, the first bytes of a picture (for its size) and the file, chunk by
 * chunk, so a large payload is never held in memory. Small files skip Node's stream plumbing between
 * reader and file (pipeline, transform, write stream): for pictures of a few kB, that plumbing cost more
 * than the copy itself.
 *
 * Files are not flushed one by one (no fsync): a resumed export re-hashes every file an earlier manifest
 * recorded, so a file that a power loss left short is found and copied again.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '#shared/errors';
import { type Datalake, IMAGE_HEADER_BYTES, readImageHeader } from '../../engine';
import { isPictureObject, type PlannedFile } from './dataset-files';

export interface Placed {
  sha256: string;
  bytes: number;
  skipped: boolean;
  image?: { width: number; height: number };
}

/** Folders made so far in this export (so each is made once). */
export type MadeFolders = Set<string>;

export async function placeFile(
  dl: Datalake,
  folder: string,
  file: PlannedFile,
  recorded: string | undefined,
  made: MadeFolders,
): Promise<Placed> {
  if (file.problem) throw new InvalidInputError(file.problem);
  const target = join(folder, file.relPath);
  const picture = Boolean(file.source && isPictureObject(file.source.info));
  if (recorded) {
    const local = await hashFile(target, picture).catch(() => null);
    if (local?.sha256 === recorded) return { ...local, bytes: 0, skipped: true };
  }
  const dir = dirname(target);
  if (!made.has(dir)) {
    await mkdir(dir, { recursive: true });
    made.add(dir);
  }
  const temp = `${target}.partial`;
  const digest = new Digest(picture);
  try {
    if (file.content) {
      digest.update(file.content);
      await writeFile(temp, file.content);
    } else {
      const { datum, file: name, info } = file.source!;
      const source = await dl.openPayloadFile(datum, name, info);
      const out = await open(temp, 'w');
      try {
        for await (const chunk of source) {
          digest.update(chunk as Buffer);
          await out.write(chunk as Buffer);
        }
      } finally {
        source.destroy();
        await out.close();
      }
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { ...digest.result(), skipped: false };
}

/** SHA-256 of a file already in the folder, and its picture size when it is one. */
async function hashFile(path: string, picture: boolean): Promise<Omit<Placed, 'skipped'>> {
  const digest = new Digest(picture);
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.result();
}

/** The manifest's SHA-256 and byte count, and a picture's header bytes, fed chunk by chunk. */
class Digest {
  private readonly hash: Hash = createHash('sha256');
  private readonly head: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly picture: boolean) {}

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    if (this.picture && this.bytes < IMAGE_HEADER_BYTES) this.head.push(chunk);
    this.bytes += chunk.length;
  }

  result(): Omit<Placed, 'skipped'> {
    const header = this.picture ? readImageHeader(Buffer.concat(this.head)) : null;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes, ...(header ? { image: header } : {}) };
  }
}

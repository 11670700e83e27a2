/**
 * Puts one file of a dataset folder in place. The bytes go to `<name>.partial` and are renamed when whole,
 * so a crash or a cancel never leaves a half-written file under its real name. Each byte is read once:
 * the registry stream (which checks a one-file object against the registry's hash as it goes) feeds the
 * SHA-256 recorded in the manifest, the first bytes of a picture (for its size) and the file, chunk by
 * chunk, so a large payload is never held in memory. A small file of a local folder registry is read,
 * checked, hashed, written and renamed in one of the engine's copy workers (`localCopies`): on the main
 * thread, the half-dozen awaited calls per file cost more than the copy of a few kB itself. Where no
 * worker runs, the kernel copies the file (`copyFile`) and it is read back once for both hashes.
 *
 * Files are not flushed one by one (no fsync): a resumed export re-hashes every file an earlier manifest
 * recorded, so a file that a power loss left short is found and copied again.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, RegistryError } from '#shared/errors';
import {
  type Datalake,
  EitherHasher,
  hashFramingOf,
  IMAGE_HEADER_BYTES,
  localCopies,
  readImageHeader,
} from '../../engine';
import { isPictureObject, type PlannedFile } from './dataset-files';

export interface Placed {
  sha256: string;
  bytes: number;
  skipped: boolean;
  image?: { width: number; height: number };
}

/** Files up to this size are read back whole after a local copy; larger ones in chunks. */
const WHOLE_READ_BYTES = 8 * 2 ** 20;

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
  const local = file.source && localFile(file.source);
  if (local) {
    const placed = await copyInWorker(local, temp, target, file.source!, picture);
    if (placed) return placed;
  }
  const digest = new Digest(picture);
  try {
    if (file.content) {
      digest.update(file.content);
      await writeFile(temp, file.content);
    } else if (local) {
      await copyLocal(local, temp, file.source!, digest);
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

/**
 * The registry file's own path when the registry is a local folder and the object's commit file places
 * it inside that folder (a commit file written elsewhere may name a path that no longer holds it).
 */
function localFile(source: NonNullable<PlannedFile['source']>): string | null {
  const { datum, file, info } = source;
  if (!datum.registryUri?.startsWith('file:')) return null;
  const root = fileURLToPath(datum.registryUri);
  const path = resolve(info.path, ...file.split('/'));
  const inside = relative(root, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? path : null;
}

/**
 * A small local registry file read, checked, hashed, written and renamed in a worker thread (the engine's
 * `localCopies`); null when the file is too large for that, or no worker can run, and the copy is left to
 * the main thread.
 */
async function copyInWorker(
  path: string,
  temp: string,
  target: string,
  { datum, file, info }: NonNullable<PlannedFile['source']>,
  picture: boolean,
): Promise<Placed | null> {
  const answer = await localCopies.copy({
    source: path,
    temp,
    target,
    file,
    objectHash: info.hash && info.files.length === 1 ? info.hash : null,
    framing: hashFramingOf(info.materializer),
    maxBytes: WHOLE_READ_BYTES,
    headBytes: IMAGE_HEADER_BYTES,
  });
  switch (answer.status) {
    case 'copied': {
      const header = picture ? readImageHeader(Buffer.from(answer.head)) : null;
      return {
        sha256: answer.sha256,
        bytes: answer.bytes,
        skipped: false,
        ...(header ? { image: header } : {}),
      };
    }
    case 'hash-mismatch':
      throw hashMismatch(datum, file);
    case 'failed':
      throw Object.assign(new Error(answer.message), { code: answer.code });
    default:
      return null;
  }
}

const hashMismatch = (datum: { registryKey: string | null }, file: string) =>
  new RegistryError(`Hash mismatch for ${file} of registry object ${datum.registryKey}`, {
    key: datum.registryKey,
    file,
  });

/**
 * A local registry file copied by the kernel (`copyFile`: one call, no bytes through JavaScript), then
 * read back once, whole when small, for the manifest's SHA-256 and the registry's hash check. The copy is
 * still only `<name>.partial`, so a file that fails the check never reaches its real name.
 */
async function copyLocal(
  path: string,
  temp: string,
  { datum, file, info }: NonNullable<PlannedFile['source']>,
  digest: Digest,
): Promise<void> {
  await copyFile(path, temp);
  const checked = info.hash && info.files.length === 1 ? new EitherHasher() : null;
  checked?.beginFile(file);
  const handle = await open(temp, 'r');
  try {
    if ((await handle.stat()).size <= WHOLE_READ_BYTES) {
      const bytes = await handle.readFile();
      digest.update(bytes);
      checked?.update(bytes);
    } else {
      for await (const chunk of handle.createReadStream({ autoClose: false })) {
        digest.update(chunk as Buffer);
        checked?.update(chunk as Buffer);
      }
    }
  } finally {
    await handle.close();
  }
  if (checked && !checked.match(info.hash!).framing) throw hashMismatch(datum, file);
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

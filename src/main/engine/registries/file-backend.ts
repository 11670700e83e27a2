/**
 * A registry root on the local file system. Each write goes to a temporary name in the target folder, is
 * flushed to disk, then renamed into place, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RegistryError } from '#shared/errors';
import { asRegistryError, notFoundError } from './backend-errors';
import { DurabilityBarrier, FileWriteGroup } from './file-write-group';
import { assertSafePrefix, assertSafeRelPath, sortPaths } from './keys';
import type { BackendWriteGroup, ObjectBackend } from './registry';

const isCode = (err: unknown, ...codes: string[]) =>
  codes.includes((err as NodeJS.ErrnoException)?.code ?? '');

export class FileBackend implements ObjectBackend {
  readonly root: string;

  /** `barrier`: how a write group makes its files durable (tests choose the fsync fallback). */
  constructor(
    root: string,
    private readonly barrier = new DurabilityBarrier(),
  ) {
    this.root = path.resolve(root);
  }

  /** The absolute path of `relPath`, after checking that it stays inside the root. */
  private resolve(relPath: string): string {
    assertSafeRelPath(relPath);
    const full = path.resolve(this.root, ...relPath.split('/'));
    const rel = path.relative(this.root, full);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new RegistryError(`Registry path ${JSON.stringify(relPath)} escapes the root ${this.root}`, {
        path: relPath,
      });
    }
    return full;
  }

  async write(relPath: string, body: Buffer | Readable): Promise<void> {
    const target = this.resolve(relPath);
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true });
      if (Buffer.isBuffer(body)) await writeFile(temp, body, { flag: 'wx', flush: true });
      else await pipeline(body, createWriteStream(temp, { flags: 'wx', flush: true }));
      await rename(temp, target);
      await syncDirectory(dir);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {});
      throw asRegistryError(err, `Could not write ${target}`, { path: target });
    }
  }

  async read(relPath: string): Promise<Buffer> {
    const full = this.resolve(relPath);
    try {
      return await readFile(full);
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) throw notFoundError(full, err);
      throw asRegistryError(err, `Could not read ${full}`, { path: full });
    }
  }

  async readStream(relPath: string): Promise<Readable> {
    const full = this.resolve(relPath);
    // Open first, so that a missing file fails here rather than later inside the stream.
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(full, 'r');
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) throw notFoundError(full, err);
      throw asRegistryError(err, `Could not read ${full}`, { path: full });
    }
    return handle.createReadStream();
  }

  async size(relPath: string): Promise<number> {
    const full = this.resolve(relPath);
    try {
      const info = await stat(full);
      if (!info.isFile()) throw Object.assign(new Error(`${full} is not a file`), { code: 'ENOENT' });
      return info.size;
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) throw notFoundError(full, err);
      throw asRegistryError(err, `Could not check ${full}`, { path: full });
    }
  }

  async exists(relPath: string): Promise<boolean> {
    const full = this.resolve(relPath);
    try {
      return (await stat(full)).isFile();
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) return false;
      throw asRegistryError(err, `Could not check ${full}`, { path: full });
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertSafePrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const dirRel = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = dirRel ? this.resolve(dirRel) : this.root;
    const found: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isCode(err, 'ENOENT', 'ENOTDIR')) return;
        throw asRegistryError(err, `Could not list ${dir}`, { path: dir });
      }
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (childRel.startsWith(prefix) || prefix.startsWith(`${childRel}/`)) {
            await walk(path.join(dir, entry.name), childRel);
          }
        } else if (entry.isFile() && childRel.startsWith(prefix)) found.push(childRel);
      }
    };
    await walk(start, dirRel);
    return sortPaths(found);
  }

  async remove(relPaths: string[]): Promise<void> {
    const dirs = new Set<string>();
    for (const relPath of relPaths) {
      const full = this.resolve(relPath);
      try {
        await unlink(full);
      } catch (err) {
        if (!isCode(err, 'ENOENT', 'ENOTDIR'))
          throw asRegistryError(err, `Could not remove ${full}`, { path: full });
      }
      dirs.add(path.dirname(full));
    }
    // Prune folders left empty (`<key>/1.0.0`, then `<key>`), never the root itself.
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
      for (let d = dir; d !== this.root && d.startsWith(this.root + path.sep); d = path.dirname(d)) {
        try {
          await rmdir(d);
        } catch {
          break; // not empty, or already gone
        }
      }
    }
  }

  locate(relPath: string): string {
    return this.resolve(relPath);
  }

  /** A group of objects written with shared flushes; the barrier is this root's, so concurrent groups share it. */
  writeGroup(): BackendWriteGroup {
    const group = new FileWriteGroup(this.root, this.barrier);
    return {
      putPayload: (relPath, body) => group.putPayload(this.resolve(relPath), body),
      putCommit: (relPath, body) => group.putCommit(this.resolve(relPath), body),
      publish: () => group.publish(),
      discard: () => group.discard(),
    };
  }
}

/** Makes a rename durable (best effort: Windows cannot open a folder for syncing). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore
  }
}

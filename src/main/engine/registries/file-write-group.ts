/**
 * Many registry objects written to a local folder with a few flushes for the whole group instead of four
 * per object (spec §4, crash-safe write order). The order stays the one a single `save` keeps:
 *
 *   1. every payload file is written to a temporary name and renamed into `<key>/1.0.0/`; every commit
 *      file (YAML) is written to a temporary name in the root, not yet under its own name;
 *   2. barrier: all of that is on disk (file contents, the payload renames, the new folders);
 *   3. the commit files are renamed to `_meta_<key>@1.0.0.yaml`;
 *   4. barrier: the commit renames are on disk. Only then does `saveMany` return (and the engine insert
 *      the documents that point to the objects).
 *
 * Why this is safe: readers, `has` and the Python library only see an object through its commit file, and a
 * commit file gets its name only after barrier 2, so a committed object always has all its payload bytes on
 * disk. A crash before barrier 2 can leave a payload file under its own name whose bytes never reached the
 * disk (no commit file: not an object, an orphan that nothing points to); a crash between 3 and 4 can keep
 * some commit renames and lose others, each kept one being complete. A document is inserted only after
 * barrier 4, so no datum points to an object that a crash could take away.
 *
 * The barrier: on Linux 5.8 or later, one `syncfs(2)` of the registry's file system (coreutils `sync -f`,
 * Node has no binding for it): Linux waits for the writeback and the journal commit, so it gives what an
 * fsync of every file and folder written gives, and since 5.8 it reports writeback errors (before 5.8 it
 * could fail silently, so older kernels and other systems take the fallback). On overlayfs, syncfs syncs
 * the upper file system. Concurrent groups share a syncfs: a caller waits for one that started after it
 * asked. Elsewhere (or if `sync` cannot run), each written file and each touched folder is fsynced, in
 * parallel through the libuv pool.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Parallel fsyncs in the fallback (the libuv pool has 4 threads by default). */
const FSYNC_PARALLEL = 8;

interface Staged {
  temp: string;
  target: string;
}

/** One group of files made visible and durable together (see the module comment for the order). */
export class FileWriteGroup {
  private readonly dirs = new Map<string, Promise<unknown>>();
  private readonly payloads: Staged[] = [];
  private readonly commits: Staged[] = [];
  /** Every path whose bytes or entries the barriers must cover (the fsync fallback's list). */
  private readonly touched = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly barrier: DurabilityBarrier,
  ) {
    this.touched.add(root); // the new `<key>` folders are entries of the root
  }

  /** Writes a payload file to a temporary name and renames it into place (durable at `publish`). */
  async putPayload(target: string, body: Buffer | Readable): Promise<void> {
    const temp = await this.writeTemp(target, body);
    await rename(temp, target);
    this.payloads.push({ temp, target });
    this.touched.add(target);
  }

  /** Writes a commit file to a temporary name; `publish` gives it its name after the payloads are durable. */
  async putCommit(target: string, body: Buffer): Promise<void> {
    const temp = await this.writeTemp(target, body);
    this.commits.push({ temp, target });
    this.touched.add(temp);
  }

  /** Barrier, commit renames, barrier: afterwards every object of the group is committed and on disk. */
  async publish(): Promise<void> {
    await this.barrier.flush(this.root, [...this.touched]);
    const renamed = new Set<string>();
    for (const c of this.commits) {
      await rename(c.temp, c.target);
      renamed.add(path.dirname(c.target));
    }
    await this.barrier.flush(this.root, [...renamed]);
  }

  /** Removes the temporary files not renamed yet (the caller removes the objects themselves). */
  async discard(): Promise<void> {
    await Promise.all(this.commits.map((c) => rm(c.temp, { force: true }).catch(() => {})));
  }

  private async writeTemp(target: string, body: Buffer | Readable): Promise<string> {
    const dir = path.dirname(target);
    await this.ensureDir(dir);
    const temp = path.join(dir, `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      if (Buffer.isBuffer(body)) await writeFile(temp, body, { flag: 'wx' });
      else await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {});
      throw err;
    }
    return temp;
  }

  /**
   * Creates the folders below the root once per group (new folders and their parents are flushed by the
   * barrier). The root itself must exist: a registry folder that went away (an unmounted disk) is an
   * error, not silently created again.
   */
  private ensureDir(dir: string): Promise<unknown> {
    let made = this.dirs.get(dir);
    if (!made) {
      const parent = path.dirname(dir);
      const above = dir === this.root || parent === dir ? Promise.resolve() : this.ensureDir(parent);
      made = above.then(() =>
        dir === this.root
          ? undefined
          : mkdir(dir).catch((err: NodeJS.ErrnoException) => {
              if (err.code !== 'EEXIST') throw err;
            }),
      );
      this.dirs.set(dir, made);
      this.touched.add(dir);
    }
    return made;
  }
}

/** Makes everything written before `flush` was called durable (see the module comment). */
export class DurabilityBarrier {
  private syncfsWorks: boolean;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(useSyncfs = syncfsReportsErrors()) {
    this.syncfsWorks = useSyncfs;
  }

  async flush(root: string, paths: string[]): Promise<void> {
    if (this.syncfsWorks) {
      try {
        await this.sharedSyncfs(root);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        this.syncfsWorks = false; // no `sync` program: fsync each path from now on
      }
    }
    await fsyncAll(paths);
  }

  /** A syncfs that started after this call (one running already may have missed the caller's writes). */
  private sharedSyncfs(root: string): Promise<void> {
    if (!this.running) {
      this.running = syncfs(root).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.sharedSyncfs(root);
      });
    return this.queued;
  }
}

/** Linux 5.8+ reports writeback errors from syncfs(2) (errseq on the superblock). */
function syncfsReportsErrors(): boolean {
  if (process.platform !== 'linux') return false;
  const [major, minor] = release().split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 8);
}

function syncfs(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('sync', ['-f', root], (err, _stdout, stderr) => {
      if (!err) resolve();
      else if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(err);
      else reject(new Error(`Could not flush ${root} to disk: ${String(stderr).trim() || err.message}`));
    });
  });
}

async function fsyncAll(paths: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const p = paths[next++];
      try {
        const handle = await open(p, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (err) {
        // Windows cannot open a folder for syncing (as `syncDirectory` in file-backend.ts): best effort there.
        if (process.platform !== 'win32') throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FSYNC_PARALLEL, paths.length) }, worker));
}

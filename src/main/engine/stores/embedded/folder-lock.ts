/**
 * One process at a time per embedded store folder: PGlite is a single-process database, and two
 * processes writing the same files would corrupt it. The lock is a file holding the owner's pid,
 * created with O_EXCL; a lock whose pid is no longer running (a crash, a kill -9) is taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreUnavailableError } from '#shared/errors';

export const LOCK_FILE = 'datalake.lock';

/**
 * Lock files this process holds, so a second open in the same process fails the same clear way. Kept on
 * globalThis so that two copies of this module in one process (ESM and CJS, test isolation) share it.
 */
const HELD_KEY = Symbol.for('datalake-browser.embedded-store.locks');
const held: Set<string> =
  ((globalThis as Record<symbol, unknown>)[HELD_KEY] as Set<string>) ?? new Set<string>();
(globalThis as Record<symbol, unknown>)[HELD_KEY] = held;

export interface FolderLock {
  release(): void;
}

interface LockContent {
  pid: number;
  host?: string;
}

function readLock(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    return null; // unreadable or torn: treat as stale
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Takes the lock file at `lockPath` for `folder` (named in errors), or throws StoreUnavailableError. */
export function acquireFolderLock(folder: string, lockPath: string): FolderLock {
  if (held.has(lockPath)) {
    throw new StoreUnavailableError(`The embedded store ${folder} is already open in this process`, {
      folder,
    });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(
          fd,
          JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
        );
      } finally {
        closeSync(fd);
      }
      held.add(lockPath);
      return {
        release: () => {
          held.delete(lockPath);
          try {
            if (readLock(lockPath)?.pid === process.pid) unlinkSync(lockPath);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        const reason = (err as Error).message;
        throw new StoreUnavailableError(`The embedded store folder ${folder} is not usable: ${reason}`, {
          folder,
        });
      }
    }
    let owner = readLock(lockPath);
    if (!owner) {
      sleepSync(200); // a lock just created may not hold its pid yet
      owner = readLock(lockPath);
    }
    const sameHost = !owner?.host || owner.host === hostname();
    if (owner && owner.pid !== process.pid && (!sameHost || isRunning(owner.pid))) {
      throw new StoreUnavailableError(
        `The embedded store ${folder} is in use by another process (pid ${owner.pid}${sameHost ? '' : ` on ${owner.host}`}); ` +
          'close the other app or choose another folder',
        { folder, pid: owner.pid },
      );
    }
    takeOverStale(lockPath, owner);
  }
  throw new StoreUnavailableError(`Could not lock the embedded store ${folder}`, { folder });
}

/**
 * Removes a stale lock so the exclusive create can be retried. The file is first renamed to a private
 * name (atomic, so only one process gets it); if what it moved is not the lock judged stale (another
 * process took over in between), it is put back with link(), which fails rather than overwrite.
 */
function takeOverStale(lockPath: string, judged: LockContent | null): void {
  const privateName = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockPath, privateName);
  } catch {
    return; // someone else moved it first; retry the create
  }
  const moved = readLock(privateName);
  if (moved && moved.pid !== judged?.pid) {
    try {
      linkSync(privateName, lockPath);
    } catch {
      // a newer lock is already in place
    }
  }
  try {
    unlinkSync(privateName);
  } catch {
    // already gone
  }
}

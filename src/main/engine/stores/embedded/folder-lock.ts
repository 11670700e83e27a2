/**
 * One process at a time per embedded store folder: PGlite is a single-process database, and two
 * processes writing the same files would corrupt it. The lock is a file holding the owner's pid,
 * created with O_EXCL; a lock whose pid is no longer running (a crash, a kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreUnavailableError } from '../../../../shared/errors';

export const LOCK_FILE = 'datalake.lock';

/**
 * Lock files this process holds, so a second open in the same process fails the same clear way. Kept on
 * globalThis so that two copies of this module in one process (ESM and CJS, test isolation) share it.
 */
const HELD_KEY = Symbol.for('datalake-browser.embedded-store.locks');
const held: Set<string> = ((globalThis as Record<symbol, unknown>)[HELD_KEY] as Set<string>) ?? new Set<string>();
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
    throw new StoreUnavailableError(`The embedded store ${folder} is already open in this process`, { folder });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
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
        throw new StoreUnavailableError(`The embedded store folder ${folder} is not usable: ${(err as Error).message}`, {
          folder,
        });
      }
    }
    const owner = readLock(lockPath);
    const sameHost = !owner?.host || owner.host === hostname();
    if (owner && owner.pid !== process.pid && (!sameHost || isRunning(owner.pid))) {
      throw new StoreUnavailableError(
        `The embedded store ${folder} is in use by another process (pid ${owner.pid}${sameHost ? '' : ` on ${owner.host}`}); ` +
          'close the other app or choose another folder',
        { folder, pid: owner.pid },
      );
    }
    // Stale: its process is gone (or it is our own pid from an earlier run). Remove it and retry the
    // exclusive create, so two processes taking over at once cannot both win.
    try {
      unlinkSync(lockPath);
    } catch {
      // another process removed it first
    }
  }
  throw new StoreUnavailableError(`Could not lock the embedded store ${folder}`, { folder });
}

/**
 * A JSON object file of string keys, rewritten whole on every change. Writes are serialised (so two
 * concurrent changes cannot lose each other's key) and go through a temporary file with user-only
 * permissions (mode 0600) that is renamed into place.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export class JsonFileMap<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The whole map; `{}` when the file does not exist or does not hold a JSON object. */
  async readAll(): Promise<Record<string, T>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, T>)
        : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  /** Read-modify-write: `change` edits the map in place, then the file is replaced atomically. */
  update(change: (all: Record<string, T>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.readAll();
      change(all);
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    });
    this.queue = next.catch(() => {});
    return next;
  }
}

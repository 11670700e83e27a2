/**
 * One JSON file of the query library, read once and rewritten whole on change: writes are serialised and go
 * through a temporary file renamed into place (a crash leaves the old file or the new one, never half of
 * one). A file that cannot be read as this version's shape is moved aside (`<name>.unreadable-<time>.json`)
 * and reported once, so a new one can start without losing what was there.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';

export class LibraryFile<T> {
  private value: T | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private warning: string | undefined;

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly what: string,
  ) {}

  /** The current content (loaded on first use). */
  async read(): Promise<T> {
    await this.queue;
    return this.load();
  }

  /** Resolves once every write asked for so far is on disk (or has failed). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** A message about a file that was set aside, once; undefined otherwise. */
  takeWarning(): string | undefined {
    const w = this.warning;
    this.warning = undefined;
    return w;
  }

  /** Read-modify-write, atomically replacing the file. */
  update<R>(change: (value: T) => R): Promise<R> {
    const next = this.queue.then(async () => {
      const value = await this.load();
      const result = change(value);
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.path);
      return result;
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private async load(): Promise<T> {
    if (this.value !== undefined) return this.value;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.value = this.empty();
      return this.value;
    }
    let problem: string | undefined;
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      if (parsed.success) {
        this.value = parsed.data;
        return this.value;
      }
      const issue = parsed.error.issues[0];
      problem = `${issue.path.join('.') || 'the file'}: ${issue.message}`;
    } catch (err) {
      problem = `not valid JSON (${(err as Error).message})`;
    }
    const aside = `${this.path.replace(/\.json$/, '')}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    await rename(this.path, aside);
    this.warning = `The ${this.what} file could not be read (${problem}); it was set aside as ${basename(aside)} and a new one was started.`;
    console.error(this.warning);
    this.value = this.empty();
    return this.value;
  }
}

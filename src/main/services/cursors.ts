/**
 * Cursors for long results: `open` registers a source and returns an id, `take` pulls a bounded batch (the
 * caller's pace is the backpressure: nothing is read ahead of what the caller asks, beyond one chunk),
 * `close` releases it. A cursor belongs to the session that opened it, closes with that session, and expires
 * after a while without use.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '#shared/errors';
import type { ClientSession } from './sessions';

/** What a cursor reads from: chunks of items with a side value (e.g. a query's funnel counts). */
export interface CursorSource<T, X> {
  /** The next chunk, or undefined when the source is exhausted. */
  next(): Promise<{ items: T[]; extra: X } | undefined>;
  /** Stops the work behind the source (store cursors, aborted queries) and frees what it holds. */
  close(): Promise<void>;
}

export interface Taken<T, X> {
  items: T[];
  /** The latest side value seen (undefined before the first chunk). */
  extra: X | undefined;
  /** True when the source is exhausted and every item has been taken (the cursor is then closed). */
  done: boolean;
}

export interface CursorTableOptions {
  /** A cursor unused for this long is closed (default 10 minutes). */
  idleMs?: number;
}

interface Entry {
  id: string;
  sessionId: string;
  kind: string;
  source: CursorSource<unknown, unknown>;
  buffer: unknown[];
  extra: unknown;
  exhausted: boolean;
  queue: Promise<unknown>;
  timer: NodeJS.Timeout | undefined;
  unregister: () => void;
  closing?: Promise<void>;
}

/** How many recently ended cursors keep the reason they ended, for a clear message to a late caller. */
const REMEMBERED_ENDINGS = 200;

export class CursorTable {
  private readonly entries = new Map<string, Entry>();
  private readonly endings = new Map<string, string>();
  private readonly idleMs: number;

  constructor(options: CursorTableOptions = {}) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  open<T, X>(session: ClientSession, kind: string, source: CursorSource<T, X>): string {
    const id = randomUUID();
    const entry: Entry = {
      id,
      sessionId: session.id,
      kind,
      source: source as CursorSource<unknown, unknown>,
      buffer: [],
      extra: undefined,
      exhausted: false,
      queue: Promise.resolve(),
      timer: undefined,
      unregister: () => {},
    };
    this.entries.set(id, entry);
    entry.unregister = session.onDispose(() => this.release(entry));
    this.touch(entry);
    return id;
  }

  /**
   * Takes up to `max` items: what is buffered, else the next chunk(s). It returns with no items once
   * `maxWaitMs` has passed after a chunk, so side values (progress) reach the caller even while a long
   * stretch of the source yields nothing. Calls on one cursor run one after the other.
   */
  take<T, X>(session: ClientSession, id: string, max: number, maxWaitMs = 1000): Promise<Taken<T, X>> {
    let entry: Entry;
    try {
      entry = this.entry(session, id);
    } catch (err) {
      return Promise.reject(err);
    }
    const run = entry.queue.then(async () => {
      this.touch(entry);
      const started = Date.now();
      // Reads only while nothing is buffered: whatever a chunk brings goes back at once (first rows fast),
      // and nothing is read ahead of what the caller takes.
      while (entry.buffer.length === 0 && !entry.exhausted && !entry.closing) {
        if (Date.now() - started >= maxWaitMs) break;
        const chunk = await entry.source.next();
        if (!chunk) {
          entry.exhausted = true;
          break;
        }
        for (const item of chunk.items) entry.buffer.push(item);
        entry.extra = chunk.extra;
      }
      const items = entry.buffer.splice(0, max) as T[];
      const done = entry.exhausted && entry.buffer.length === 0;
      if (done) await this.release(entry);
      else this.touch(entry);
      return { items, extra: entry.extra as X | undefined, done };
    });
    entry.queue = run.catch(() => {});
    return run.catch(async (err) => {
      // A source that failed cannot go on: free what it holds, then report the error to the caller.
      await this.release(entry);
      throw err;
    });
  }

  /** Closes a cursor; false when it was already closed or expired. */
  async close(session: ClientSession, id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry || entry.sessionId !== session.id) return false;
    await this.release(entry);
    return true;
  }

  /** Ends a cursor for a reason its owner will be told on its next call (e.g. the datalake was switched). */
  async end(id: string, reason: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.remember(id, reason);
    await this.release(entry);
  }

  /** Open cursors of a session (tests and diagnostics). */
  openIds(sessionId: string): string[] {
    return [...this.entries.values()].filter((e) => e.sessionId === sessionId).map((e) => e.id);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.release(e)));
  }

  private entry(session: ClientSession, id: string): Entry {
    const entry = this.entries.get(id);
    // Another session's cursor is reported exactly like a missing one: ids are not shared.
    if (!entry || entry.sessionId !== session.id) {
      const ending = entry ? undefined : this.endings.get(id);
      throw new NotFoundError(
        ending
          ? `The cursor "${id}" has ended: ${ending}`
          : `No open cursor "${id}": it was closed, it expired, or it never existed`,
        { cursorId: id },
      );
    }
    return entry;
  }

  private touch(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.end(entry.id, 'it was not used for a while'), this.idleMs);
    entry.timer.unref?.();
  }

  private remember(id: string, reason: string): void {
    this.endings.set(id, reason);
    if (this.endings.size > REMEMBERED_ENDINGS) this.endings.delete(this.endings.keys().next().value!);
  }

  private release(entry: Entry): Promise<void> {
    entry.closing ??= (async () => {
      this.entries.delete(entry.id);
      if (entry.timer) clearTimeout(entry.timer);
      entry.unregister();
      entry.buffer = [];
      await entry.source.close().catch((err) => console.error(`closing cursor ${entry.id} failed:`, err));
    })();
    return entry.closing;
  }
}

/**
 * Loads per-id data in batches, for what the grid shows: callers say which ids they want now (the latest
 * request for a key replaces the earlier one, so fast scrolling never queues pages nobody looks at any
 * more), a few calls run at once, and answers land in a bounded cache that views subscribe to.
 */

export interface BatchLoaderOptions<V> {
  /** Loads one batch (at most `batchSize` ids) for `key`; answers hold an entry for every id asked. */
  load(key: string, ids: string[]): Promise<Map<string, V>>;
  batchSize: number;
  /** Entries kept (oldest dropped first): the cache stays bounded however far the user scrolls. */
  capacity: number;
  concurrency?: number;
  /** A load that failed is reported here; its ids may be asked for again later. */
  onError?(err: unknown): void;
}

export class BatchLoader<V> {
  private readonly cache = new Map<string, V>();
  private readonly inFlight = new Set<string>();
  /** What each caller (a slot: a grid column, say) wants now, by slot. */
  private readonly wanted = new Map<string, { key: string; ids: string[] }>();
  private readonly listeners = new Set<() => void>();
  private running = 0;
  private version = 0;
  private scheduled = false;

  constructor(private readonly options: BatchLoaderOptions<V>) {}

  static entry(key: string, id: string): string {
    return `${key}\u0000${id}`;
  }

  get(key: string, id: string): V | undefined {
    return this.cache.get(BatchLoader.entry(key, id));
  }

  has(key: string, id: string): boolean {
    return this.cache.has(BatchLoader.entry(key, id));
  }

  /**
   * Replaces what `slot` wants with `ids` under `key` (those cached or loading are skipped): the latest
   * request of a slot wins, so pages scrolled past are never loaded.
   */
  want(key: string, ids: string[], slot = key): void {
    const missing = ids.filter((id) => {
      const e = BatchLoader.entry(key, id);
      return !this.cache.has(e) && !this.inFlight.has(e);
    });
    if (missing.length === 0) {
      this.wanted.delete(slot);
      return;
    }
    this.wanted.set(slot, { key, ids: missing });
    this.schedule();
  }

  /** Loads `ids` for `key` whatever is on screen, resolving when every one is cached (sorting, filtering). */
  async loadAll(
    key: string,
    ids: string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(BatchLoader.entry(key, id)));
    let done = 0;
    for (let i = 0; i < missing.length; i += this.options.batchSize) {
      const chunk = missing.slice(i, i + this.options.batchSize);
      const got = await this.options.load(key, chunk);
      this.store(key, got);
      done += chunk.length;
      onProgress?.(done, missing.length);
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes whenever answers land (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  clear(): void {
    this.cache.clear();
    this.wanted.clear();
    this.notify();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 3;
    while (this.running < limit && this.wanted.size > 0) {
      const [slot, { key, ids }] = this.wanted.entries().next().value as [
        string,
        { key: string; ids: string[] },
      ];
      const chunk = ids.slice(0, this.options.batchSize);
      const rest = ids.slice(this.options.batchSize);
      if (rest.length > 0) this.wanted.set(slot, { key, ids: rest });
      else this.wanted.delete(slot);
      const entries = chunk.map((id) => BatchLoader.entry(key, id));
      for (const e of entries) this.inFlight.add(e);
      this.running++;
      this.options
        .load(key, chunk)
        .then(
          (got) => this.store(key, got),
          (err) => this.options.onError?.(err),
        )
        .finally(() => {
          for (const e of entries) this.inFlight.delete(e);
          this.running--;
          this.pump();
        });
    }
  }

  private store(key: string, got: Map<string, V>): void {
    for (const [id, value] of got) {
      const e = BatchLoader.entry(key, id);
      this.cache.delete(e); // re-inserted last: the freshest entries are evicted last
      this.cache.set(e, value);
    }
    const excess = this.cache.size - this.options.capacity;
    if (excess > 0) {
      let n = 0;
      for (const e of this.cache.keys()) {
        if (n++ >= excess) break;
        this.cache.delete(e);
      }
    }
    this.notify();
  }

  private notify(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

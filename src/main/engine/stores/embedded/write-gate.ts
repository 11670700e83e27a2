/**
 * Writes run side by side (PGlite orders their statements anyway); an exclusive task waits until the
 * writes in flight have finished and holds new ones back until it is done. Building the `data.type`
 * counters of an older store is such a task: a write during its scan would be counted twice or not at all.
 */
export class WriteGate {
  private writers = 0;
  private held: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  async write<T>(fn: () => Promise<T>): Promise<T> {
    while (this.held) await this.held;
    this.writers++;
    try {
      return await fn();
    } finally {
      this.writers--;
      if (this.writers === 0) this.drained?.();
    }
  }

  /** Runs `fn` with no write in flight; exclusive tasks run one after the other. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      let release!: () => void;
      this.held = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        if (this.writers > 0) {
          await new Promise<void>((resolve) => {
            this.drained = resolve;
          });
        }
        this.drained = null;
        return await fn();
      } finally {
        this.held = null;
        release();
      }
    });
    this.tail = run.catch(() => {});
    return run;
  }
}

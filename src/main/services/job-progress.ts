/**
 * A job's progress as its run reports it: items and bytes done of their totals, per-item errors, and the
 * rate and time left, computed over a sliding window so a burst or a stall shows within a few seconds.
 */
import { type JobItemError, type JobProgress, MAX_LISTED_ERRORS } from '#shared/contract';
import { toErrorPayload } from '#shared/errors';

/** Reports progress: call as often as you like, the runner throttles what it emits. */
export interface Progress {
  /** Items done (and their total when known): the simple form, `progress(done, total, message)`. */
  (done: number, total?: number | null, message?: string): void;
  bytes(done: number, total?: number | null): void;
  message(text: string): void;
  /** One item failed while the rest goes on. */
  itemError(item: string, error: unknown): void;
}

const WINDOW_MS = 5_000;

export class ProgressTracker {
  private itemsDone = 0;
  private itemsTotal: number | null = null;
  private bytesDone = 0;
  private bytesTotal: number | null = null;
  private text = '';
  private readonly errors: JobItemError[] = [];
  private errorCount = 0;
  /** (time, items, bytes) samples within the rate window. */
  private readonly samples: Array<{ at: number; items: number; bytes: number }> = [];

  constructor(
    private readonly changed: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.samples.push({ at: now(), items: 0, bytes: 0 });
  }

  /** The reporter handed to a job's run; it ignores reports once `isOpen` turns false. */
  reporter(isOpen: () => boolean): Progress {
    const report = ((done: number, total?: number | null, message?: string) => {
      if (!isOpen()) return;
      this.itemsDone = done;
      if (total !== undefined) this.itemsTotal = total;
      if (message !== undefined) this.text = message;
      this.sample();
    }) as Progress;
    report.bytes = (done, total) => {
      if (!isOpen()) return;
      this.bytesDone = done;
      if (total !== undefined) this.bytesTotal = total;
      this.sample();
    };
    report.message = (text) => {
      if (!isOpen()) return;
      this.text = text;
      this.changed();
    };
    report.itemError = (item, error) => {
      if (!isOpen()) return;
      this.errorCount++;
      this.errors.push({ item, error: toErrorPayload(error) });
      if (this.errors.length > MAX_LISTED_ERRORS) this.errors.shift();
      this.changed();
    };
    return report;
  }

  setMessage(text: string): void {
    this.text = text;
  }

  snapshot(): JobProgress {
    const rate = this.rate();
    return {
      items: { done: this.itemsDone, total: this.itemsTotal },
      bytes: { done: this.bytesDone, total: this.bytesTotal },
      rate,
      etaMs: this.eta(rate),
      message: this.text,
      errors: [...this.errors],
      errorCount: this.errorCount,
    };
  }

  private sample(): void {
    const at = this.now();
    this.samples.push({ at, items: this.itemsDone, bytes: this.bytesDone });
    while (this.samples.length > 2 && at - this.samples[1].at > WINDOW_MS) this.samples.shift();
    this.changed();
  }

  private rate(): { items: number; bytes: number } {
    const first = this.samples[0];
    const last = this.samples.at(-1)!;
    const seconds = (last.at - first.at) / 1000;
    if (seconds <= 0) return { items: 0, bytes: 0 };
    return {
      items: Math.max(0, (last.items - first.items) / seconds),
      bytes: Math.max(0, (last.bytes - first.bytes) / seconds),
    };
  }

  /** Bytes give the better estimate when their total is known (files differ in size); else items. */
  private eta(rate: { items: number; bytes: number }): number | null {
    if (this.bytesTotal !== null && rate.bytes > 0) {
      return Math.round((Math.max(0, this.bytesTotal - this.bytesDone) / rate.bytes) * 1000);
    }
    if (this.itemsTotal !== null && rate.items > 0) {
      return Math.round((Math.max(0, this.itemsTotal - this.itemsDone) / rate.items) * 1000);
    }
    return null;
  }
}

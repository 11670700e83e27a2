/** Peak memory of this process, sampled every 20 ms, for the memory benches' child processes. */
export interface Peaks {
  rss: number;
  heap: number;
  arrayBuffers: number;
}

export const mb = (n: number) => Math.round((n / 1024 ** 2) * 10) / 10;

export class MemoryPeaks {
  peak: Peaks = { rss: 0, heap: 0, arrayBuffers: 0 };
  private readonly timer = setInterval(() => this.sample(), 20);

  sample(): void {
    const m = process.memoryUsage();
    this.peak = {
      rss: Math.max(this.peak.rss, m.rss),
      heap: Math.max(this.peak.heap, m.heapUsed),
      arrayBuffers: Math.max(this.peak.arrayBuffers, m.arrayBuffers),
    };
  }

  /** Collects the heap (with --expose-gc), clears the peaks, and returns the RSS a phase starts from. */
  startPhase(): number {
    (globalThis as { gc?: () => void }).gc?.();
    this.peak = { rss: 0, heap: 0, arrayBuffers: 0 };
    return process.memoryUsage().rss;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

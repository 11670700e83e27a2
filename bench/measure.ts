/** Timing helpers for the benchmark: medians over repeated runs, and a call counter around a Store. */
import type { Store } from '../src/main/engine/stores/store';

export async function median<T>(
  runs: number,
  fn: () => Promise<T>,
): Promise<{ ms: number; value: T; all: number[] }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], value, all: times };
}

/** Wraps a store so that every find call is counted (one call = one query with its cursor batches). */
export function countingStore(store: Store): { store: Store; calls: () => number; reset: () => void } {
  let calls = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if ((prop === 'findKeys' || prop === 'findDocuments') && typeof v === 'function') {
        return (...args: unknown[]) => {
          calls++;
          return v.apply(target, args);
        };
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: wrapped, calls: () => calls, reset: () => (calls = 0) };
}

export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** A job progress reporter for callers outside the job runner (the crash test's writer, the benchmark). */
import type { Progress } from '../jobs';

/** Ignores counts and messages; collects item errors into `itemErrors` when given. */
export function fakeProgress(itemErrors: Array<{ item: string; message: string }> = []): Progress {
  const progress = (() => {}) as unknown as Progress;
  progress.bytes = () => {};
  progress.message = () => {};
  progress.itemError = (item, err) => itemErrors.push({ item, message: (err as Error).message });
  return progress;
}

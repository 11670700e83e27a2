/**
 * Long-running work (sample loading now; ingestion and export later): `start → jobId`, progress events
 * throttled so a fast loop cannot flood the renderer, `cancel` through an AbortSignal, and a typed end
 * state (succeeded / failed / cancelled) pushed as `job.done`.
 */
import { randomUUID } from 'node:crypto';
import type { JobState } from '#shared/contract';
import { NotFoundError, toErrorPayload } from '#shared/errors';
import type { Emit } from './event-hub';

/** Reports progress; call as often as you like, the runner throttles what it emits. */
export type Progress = (done: number, total?: number | null, message?: string) => void;
export type JobRun<T> = (signal: AbortSignal, progress: Progress) => Promise<T>;

export interface JobRunnerOptions {
  emit: Emit;
  /** Minimum gap between two `job.progress` events of one job (default 100 ms: at most ~10/s). */
  progressIntervalMs?: number;
  /** How many finished jobs `get`/`list` remember. */
  keepFinished?: number;
}

interface JobEntry {
  state: JobState;
  controller: AbortController;
  finished: Promise<JobState>;
  lastEmit: number;
  timer: NodeJS.Timeout | undefined;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly interval: number;
  private readonly keep: number;

  constructor(private readonly options: JobRunnerOptions) {
    this.interval = options.progressIntervalMs ?? 100;
    this.keep = options.keepFinished ?? 50;
  }

  start<T>(kind: string, run: JobRun<T>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const entry: JobEntry = {
      state: {
        jobId,
        kind,
        status: 'running',
        done: 0,
        total: null,
        message: '',
        startedAt: new Date().toISOString(),
        finishedAt: null,
      },
      controller,
      finished: Promise.resolve(undefined as unknown as JobState),
      lastEmit: 0,
      timer: undefined,
    };
    this.jobs.set(jobId, entry);
    const progress: Progress = (done, total, message) => {
      if (entry.state.status !== 'running') return;
      entry.state.done = done;
      if (total !== undefined) entry.state.total = total;
      if (message !== undefined) entry.state.message = message;
      this.scheduleProgress(entry);
    };
    // Started on the next tick so the caller has the id before the first event.
    entry.finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(controller.signal, progress))
      .then(
        (result) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'succeeded', result),
        (err) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'failed', undefined, err),
      );
    return jobId;
  }

  get(jobId: string): JobState {
    return { ...this.entry(jobId).state };
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((e) => ({ ...e.state }));
  }

  /** Asks a running job to stop; false when it had already finished. */
  cancel(jobId: string): boolean {
    const entry = this.entry(jobId);
    if (entry.state.status !== 'running') return false;
    entry.controller.abort();
    return true;
  }

  /** Resolves with the job's end state (tests and hosts shutting down). */
  wait(jobId: string): Promise<JobState> {
    return this.entry(jobId).finished;
  }

  /** Cancels every running job and waits for them to stop. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.state.status === 'running');
    for (const e of running) e.controller.abort();
    await Promise.all(running.map((e) => e.finished));
  }

  private entry(jobId: string): JobEntry {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new NotFoundError(`No job with id "${jobId}"`, { jobId });
    return entry;
  }

  /** Leading edge now, then at most one event per interval carrying the latest numbers. */
  private scheduleProgress(entry: JobEntry): void {
    if (entry.timer) return;
    const wait = entry.lastEmit + this.interval - Date.now();
    if (wait <= 0) {
      this.emitProgress(entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (entry.state.status === 'running') this.emitProgress(entry);
    }, wait);
  }

  private emitProgress(entry: JobEntry): void {
    entry.lastEmit = Date.now();
    const { jobId, kind, done, total, message } = entry.state;
    this.options.emit('job.progress', { jobId, kind, done, total, message });
  }

  private finish(
    entry: JobEntry,
    status: 'succeeded' | 'failed' | 'cancelled',
    result?: unknown,
    err?: unknown,
  ): JobState {
    if (entry.timer) {
      // A throttled update was pending: deliver the final numbers before the end event.
      clearTimeout(entry.timer);
      entry.timer = undefined;
      if (status === 'succeeded') this.emitProgress(entry);
    }
    const state = entry.state;
    state.status = status;
    state.finishedAt = new Date().toISOString();
    if (status === 'succeeded') state.result = result;
    if (status === 'failed') {
      state.error = toErrorPayload(err);
      // Typed errors are expected outcomes (shown to the user); only surprises go to the log.
      if (state.error.code === 'INTERNAL') console.error(`job ${state.kind} ${state.jobId} failed:`, err);
    }
    if (status === 'cancelled') state.message = 'Cancelled';
    this.options.emit('job.done', {
      jobId: state.jobId,
      kind: state.kind,
      status,
      ...(state.result !== undefined ? { result: state.result } : {}),
      ...(state.error ? { error: state.error } : {}),
    });
    this.prune();
    return { ...state };
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.state.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keep)))
      this.jobs.delete(e.state.jobId);
  }
}

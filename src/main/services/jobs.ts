/**
 * Long-running work (sample loading now; ingestion and export next): `start → jobId`, progress events
 * throttled so a fast loop cannot flood the client and sent to the session that started the job, `cancel`
 * through an AbortSignal, and a typed end state pushed as `job.done`. A job ends with its session unless
 * it was started detached.
 */
import { randomUUID } from 'node:crypto';
import { JOB_RESULTS, type JobKind, type JobResult, type JobState } from '#shared/contract';
import { DatalakeError, NotFoundError, toErrorPayload } from '#shared/errors';
import { type Progress, ProgressTracker } from './job-progress';
import type { ClientSession, Emit } from './sessions';

export type { Progress } from './job-progress';
export type JobRun<T> = (signal: AbortSignal, progress: Progress) => Promise<T>;

export interface StartOptions {
  /** Who started the job: its events go there, and it is cancelled when that session ends (unless detached). */
  session?: ClientSession;
  /** Keep running after the session ends (its events are then dropped; `jobs.list` still shows it). */
  detached?: boolean;
}

export interface JobRunnerOptions {
  /** Where events of jobs without a session go (in-process callers); default: nowhere. */
  emit?: Emit;
  /** Minimum gap between two `job.progress` events of one job (default 100 ms: at most ~10/s). */
  progressIntervalMs?: number;
  /** How many finished jobs `get`/`list` remember. */
  keepFinished?: number;
}

interface JobEntry {
  state: Omit<JobState, 'progress'>;
  tracker: ProgressTracker;
  controller: AbortController;
  finished: Promise<JobState>;
  lastEmit: number;
  timer: NodeJS.Timeout | undefined;
  emit: Emit;
  ownerId: string | null;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly interval: number;
  private readonly keep: number;

  constructor(private readonly options: JobRunnerOptions = {}) {
    this.interval = options.progressIntervalMs ?? 100;
    this.keep = options.keepFinished ?? 50;
  }

  start<K extends JobKind>(kind: K, run: JobRun<JobResult<K>>, options: StartOptions = {}): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const session = options.session;
    const entry: JobEntry = {
      state: {
        jobId,
        kind,
        status: 'running',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        detached: options.detached ?? false,
      },
      tracker: new ProgressTracker(() => this.scheduleProgress(entry)),
      controller,
      finished: Promise.resolve(undefined as unknown as JobState),
      lastEmit: 0,
      timer: undefined,
      emit: session?.emit ?? this.options.emit ?? (() => {}),
      ownerId: session?.id ?? null,
    };
    this.jobs.set(jobId, entry);
    const stopWithSession =
      session && !options.detached ? session.onDispose(() => controller.abort()) : () => {};
    const progress = entry.tracker.reporter(() => entry.state.status === 'running');
    // Started on the next tick so the caller has the id before the first event.
    entry.finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(controller.signal, progress))
      .then((result) => checkResult(kind, result))
      .then(
        (result) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'succeeded', result),
        (err) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'failed', undefined, err),
      )
      .finally(stopWithSession);
    return jobId;
  }

  get(jobId: string, session?: ClientSession): JobState {
    return this.view(this.entry(jobId, session));
  }

  /** The session's own jobs and every detached one (all jobs for in-process callers). */
  list(session?: ClientSession): JobState[] {
    return [...this.jobs.values()].filter((e) => this.visible(e, session)).map((e) => this.view(e));
  }

  /** Asks a running job to stop; false when it had already finished. */
  cancel(jobId: string, session?: ClientSession): boolean {
    const entry = this.entry(jobId, session);
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

  private visible(entry: JobEntry, session: ClientSession | undefined): boolean {
    return !session || entry.state.detached || entry.ownerId === null || entry.ownerId === session.id;
  }

  private entry(jobId: string, session?: ClientSession): JobEntry {
    const entry = this.jobs.get(jobId);
    if (!entry || !this.visible(entry, session)) {
      throw new NotFoundError(`No job with id "${jobId}"`, { jobId });
    }
    return entry;
  }

  private view(entry: JobEntry): JobState {
    return { ...entry.state, progress: entry.tracker.snapshot() } as JobState;
  }

  /** Leading edge now, then at most one event per interval carrying the latest numbers. */
  private scheduleProgress(entry: JobEntry): void {
    if (entry.timer || entry.state.status !== 'running') return;
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
    const { jobId, kind } = entry.state;
    entry.emit('job.progress', { jobId, kind, progress: entry.tracker.snapshot() });
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
    // A cancelled job may still say what it finished (an ingestion's counts); a failed one has only its error.
    if (status !== 'failed' && result !== undefined) state.result = result;
    if (status === 'failed') {
      state.error = toErrorPayload(err);
      // Typed errors are expected outcomes (shown to the user); only surprises go to the log.
      if (state.error.code === 'INTERNAL') console.error(`job ${state.kind} ${state.jobId} failed:`, err);
    }
    if (status === 'cancelled') entry.tracker.setMessage('Cancelled');
    entry.emit('job.done', {
      jobId: state.jobId,
      kind: state.kind,
      status,
      progress: entry.tracker.snapshot(),
      ...(state.result !== undefined ? { result: state.result } : {}),
      ...(state.error ? { error: state.error } : {}),
    } as never);
    this.prune();
    return this.view(entry);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.state.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keep)))
      this.jobs.delete(e.state.jobId);
  }
}

/** A result that does not fit its kind's schema never reaches a client: the job fails instead. */
function checkResult<K extends JobKind>(kind: K, result: JobResult<K>): JobResult<K> {
  const checked = JOB_RESULTS[kind].safeParse(result);
  if (checked.success) return checked.data as JobResult<K>;
  throw new DatalakeError(`The ${kind} job returned a result that does not match its contract`, {
    kind,
    issues: checked.error.issues,
  });
}

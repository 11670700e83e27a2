/**
 * Long jobs (sample load now; ingestion and export later) as seen by the renderer: started through a call
 * that answers `{jobId}`, then followed through `job.progress` / `job.done` events.
 */
import { create } from 'zustand';
import type { EventPayload, JobProgress } from '#shared/contract';
import { type DatalakeError, errorFromPayload } from '#shared/errors';
import { getClient } from '../../api/client';

export interface JobView {
  jobId: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  done: number;
  total: number | null;
  message: string;
  /** Everything the host reported: bytes, rate, time left, per-item errors. */
  progress?: JobProgress;
  result?: unknown;
  error?: DatalakeError;
}

/** The items-done view of a progress report (what a plain progress bar shows). */
function fromProgress(progress: JobProgress): Pick<JobView, 'done' | 'total' | 'message' | 'progress'> {
  return { done: progress.items.done, total: progress.items.total, message: progress.message, progress };
}

interface JobsState {
  jobs: Record<string, JobView>;
  track(jobId: string, kind: string): void;
  cancel(jobId: string): Promise<void>;
}

export const useJobs = create<JobsState>((set) => ({
  jobs: {},
  track(jobId, kind) {
    set((s) => ({
      jobs: {
        ...s.jobs,
        [jobId]: s.jobs[jobId] ?? {
          jobId,
          kind,
          status: 'running',
          done: 0,
          total: null,
          message: 'Starting…',
        },
      },
    }));
  },
  async cancel(jobId) {
    await getClient().call('jobs.cancel', { jobId });
  },
}));

function onProgress(p: EventPayload<'job.progress'>): void {
  useJobs.setState((s) => {
    const prev = s.jobs[p.jobId];
    if (prev && prev.status !== 'running') return s;
    const next: JobView = {
      ...prev,
      jobId: p.jobId,
      kind: p.kind,
      status: 'running',
      ...fromProgress(p.progress),
    };
    return { jobs: { ...s.jobs, [p.jobId]: next } };
  });
}

function onDone(p: EventPayload<'job.done'>): void {
  useJobs.setState((s) => {
    const prev = s.jobs[p.jobId] ?? { jobId: p.jobId, kind: p.kind, done: 0, total: null, message: '' };
    const next: JobView = {
      ...prev,
      ...fromProgress(p.progress),
      kind: p.kind,
      status: p.status,
      result: p.result,
      error: p.error ? errorFromPayload(p.error) : undefined,
    };
    return { jobs: { ...s.jobs, [p.jobId]: next } };
  });
}

/** Wires the job events once for the app's lifetime; returns the unsubscribe. */
export function subscribeToJobEvents(): () => void {
  const client = getClient();
  const offProgress = client.on('job.progress', onProgress);
  const offDone = client.on('job.done', onDone);
  return () => {
    offProgress();
    offDone();
  };
}

/** The most recent job of a kind (e.g. 'sample.load'), if any. */
export function useLatestJob(kind: string): JobView | undefined {
  return useJobs((s) => {
    const list = Object.values(s.jobs).filter((j) => j.kind === kind);
    return list[list.length - 1];
  });
}

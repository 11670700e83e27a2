import { describe, expect, it } from 'vitest';
import type { EventName } from '#shared/contract';
import { InvalidInputError } from '#shared/errors';
import { JobRunner } from './jobs';

function recorder() {
  const events: Array<{ event: EventName; payload: any; at: number }> = [];
  const emit = (event: EventName, payload: unknown) => events.push({ event, payload, at: Date.now() });
  return { events, emit: emit as never };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JobRunner', () => {
  it('throttles progress to at most one event per interval and delivers the final numbers', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit, progressIntervalMs: 100 });
    const id = jobs.start('count', async (_signal, progress) => {
      // 2,000 updates over ~500 ms: unthrottled this would be 2,000 events.
      for (let i = 1; i <= 2000; i++) {
        progress(i, 2000, `step ${i}`);
        if (i % 100 === 0) await sleep(25);
      }
      return { counted: 2000 };
    });
    const end = await jobs.wait(id);
    expect(end.status).toBe('succeeded');
    expect(end.result).toEqual({ counted: 2000 });
    const progress = events.filter((e) => e.event === 'job.progress');
    const elapsed = Date.parse(end.finishedAt!) - Date.parse(end.startedAt);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    // The last event is the final flush before job.done, which is exempt from the interval by design.
    for (let i = 1; i < progress.length - 1; i++)
      expect(progress[i].at - progress[i - 1].at).toBeGreaterThanOrEqual(95);
    expect(progress.at(-1)!.payload).toMatchObject({ jobId: id, kind: 'count', done: 2000, total: 2000 });
    const done = events.filter((e) => e.event === 'job.done');
    expect(done).toHaveLength(1);
    expect(done[0].payload).toEqual({
      jobId: id,
      kind: 'count',
      status: 'succeeded',
      result: { counted: 2000 },
    });
    expect(events.at(-1)!.event).toBe('job.done');
  });

  it('cancels through the AbortSignal and reports cancelled', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    let sawAbort = false;
    const id = jobs.start('forever', async (signal, progress) => {
      for (let i = 0; ; i++) {
        if (signal.aborted) {
          sawAbort = true;
          throw new Error('stopped');
        }
        progress(i, null);
        await sleep(5);
      }
    });
    await sleep(50);
    expect(jobs.get(id).status).toBe('running');
    expect(jobs.cancel(id)).toBe(true);
    const end = await jobs.wait(id);
    expect(sawAbort).toBe(true);
    expect(end.status).toBe('cancelled');
    expect(jobs.cancel(id)).toBe(false);
    expect(events.find((e) => e.event === 'job.done')!.payload).toMatchObject({
      jobId: id,
      status: 'cancelled',
    });
  });

  it('reports a failure with the typed error payload', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    const id = jobs.start('bad', async () => {
      throw new InvalidInputError('bad thing "x"', { x: 1 });
    });
    const end = await jobs.wait(id);
    expect(end.status).toBe('failed');
    expect(end.error).toEqual({ code: 'INVALID_INPUT', message: 'bad thing "x"', details: { x: 1 } });
    expect(events.find((e) => e.event === 'job.done')!.payload.error.code).toBe('INVALID_INPUT');
  });

  it('answers NOT_FOUND for an unknown job and lists known ones', async () => {
    const jobs = new JobRunner({ emit: (() => {}) as never });
    expect(() => jobs.get('nope')).toThrow(/No job with id "nope"/);
    const id = jobs.start('quick', async () => 1);
    expect(jobs.list().map((j) => j.jobId)).toContain(id);
    await jobs.wait(id);
  });
});

/**
 * The job runner: throttled progress with items, bytes, rate, ETA and per-item errors; cancellation; typed
 * failures; events addressed to the session that started the job; jobs ending with their session unless
 * detached. Runs use the one kind that exists (`sample.load`) with results of that kind's shape.
 */
import { describe, expect, it } from 'vitest';
import {
  type EventName,
  type JobDone,
  jobDoneSchema,
  jobStateSchema,
  type SampleLoadResult,
} from '#shared/contract';
import { InvalidInputError } from '#shared/errors';
import { JobRunner } from './jobs';
import { SessionHub } from './sessions';

const KIND = 'sample.load' as const;
const RESULT: SampleLoadResult = {
  images: 1,
  classifications: 0,
  bboxes: 0,
  unlabelled: 1,
  total: 1,
  registryUri: 'file:///tmp/r',
  countsByType: [{ type: 'image', count: 1 }],
};

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
    const id = jobs.start(KIND, async (_signal, progress) => {
      // 2,000 updates over ~500 ms: unthrottled this would be 2,000 events.
      for (let i = 1; i <= 2000; i++) {
        progress(i, 2000, `step ${i}`);
        if (i % 100 === 0) await sleep(25);
      }
      return RESULT;
    });
    const end = await jobs.wait(id);
    expect(end.status).toBe('succeeded');
    expect(end.result).toEqual(RESULT);
    expect(jobStateSchema.parse(end)).toEqual(end);
    const progress = events.filter((e) => e.event === 'job.progress');
    const elapsed = Date.parse(end.finishedAt!) - Date.parse(end.startedAt);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    // The last event is the final flush before job.done, which is exempt from the interval by design.
    for (let i = 1; i < progress.length - 1; i++)
      expect(progress[i].at - progress[i - 1].at).toBeGreaterThanOrEqual(95);
    expect(progress.at(-1)!.payload).toMatchObject({
      jobId: id,
      kind: KIND,
      progress: { items: { done: 2000, total: 2000 }, message: 'step 2000' },
    });
    const done = events.filter((e) => e.event === 'job.done');
    expect(done).toHaveLength(1);
    const payload = jobDoneSchema.parse(done[0].payload) as JobDone;
    expect(payload).toMatchObject({ jobId: id, kind: KIND, status: 'succeeded', result: RESULT });
    expect(events.at(-1)!.event).toBe('job.done');
  });

  it('reports bytes, a rate and a time left, and lists per-item errors while going on', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit, progressIntervalMs: 20 });
    const id = jobs.start(KIND, async (_signal, progress) => {
      progress(0, 10);
      progress.bytes(0, 10_000);
      for (let i = 1; i <= 10; i++) {
        await sleep(30);
        if (i === 4) progress.itemError('photos/broken.png', new InvalidInputError('not a PNG: bad header'));
        progress(i, 10, `file ${i}`);
        progress.bytes(i * 1000);
        if (i === 5) {
          const mid = jobs.get(id).progress;
          expect(mid.rate.bytes).toBeGreaterThan(0);
          expect(mid.rate.items).toBeGreaterThan(0);
          // ~1000 bytes per 30 ms, 5000 bytes left: about 150 ms, give or take the timer's slack.
          expect(mid.etaMs).toBeGreaterThan(50);
          expect(mid.etaMs).toBeLessThan(1000);
        }
      }
      return RESULT;
    });
    const end = await jobs.wait(id);
    expect(end.progress).toMatchObject({
      items: { done: 10, total: 10 },
      bytes: { done: 10_000, total: 10_000 },
      etaMs: 0,
      errorCount: 1,
      errors: [
        { item: 'photos/broken.png', error: { code: 'INVALID_INPUT', message: 'not a PNG: bad header' } },
      ],
    });
    const withError = events.find((e) => e.event === 'job.progress' && e.payload.progress.errorCount === 1);
    expect(withError).toBeDefined();
  });

  it('cancels through the AbortSignal and reports cancelled', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    let sawAbort = false;
    const id = jobs.start(KIND, async (signal, progress) => {
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
    expect(end.progress.message).toBe('Cancelled');
    expect(jobs.cancel(id)).toBe(false);
    expect(events.find((e) => e.event === 'job.done')!.payload).toMatchObject({
      jobId: id,
      status: 'cancelled',
    });
  });

  it('keeps the result a cancelled run returns (what it finished before stopping)', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    const id = jobs.start(KIND, async (signal) => {
      while (!signal.aborted) await sleep(5);
      return { ...RESULT, total: 0 };
    });
    await sleep(30);
    jobs.cancel(id);
    const end = await jobs.wait(id);
    expect(end.status).toBe('cancelled');
    expect(end.result).toEqual({ ...RESULT, total: 0 });
    const done = events.find((e) => e.event === 'job.done')!.payload;
    expect(jobDoneSchema.parse(done)).toMatchObject({ status: 'cancelled', result: { total: 0 } });
  });

  it('reports a failure with the typed error payload', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    const id = jobs.start(KIND, async () => {
      throw new InvalidInputError('bad thing "x"', { x: 1 });
    });
    const end = await jobs.wait(id);
    expect(end.status).toBe('failed');
    expect(end.error).toEqual({ code: 'INVALID_INPUT', message: 'bad thing "x"', details: { x: 1 } });
    expect(events.find((e) => e.event === 'job.done')!.payload.error.code).toBe('INVALID_INPUT');
  });

  it('fails a job whose result does not fit its kind, so no client receives it', async () => {
    const { events, emit } = recorder();
    const jobs = new JobRunner({ emit });
    const id = jobs.start(KIND, async () => ({ nope: true }) as never);
    const end = await jobs.wait(id);
    expect(end.status).toBe('failed');
    expect(end.error).toMatchObject({
      code: 'INTERNAL',
      message: 'The sample.load job returned a result that does not match its contract',
    });
    expect(end.result).toBeUndefined();
    expect(jobDoneSchema.parse(events.find((e) => e.event === 'job.done')!.payload)).toMatchObject({
      status: 'failed',
    });
  });

  it('sends events to the session that started the job only, and ends the job with its session', async () => {
    const hub = new SessionHub();
    const a = recorder();
    const b = recorder();
    const sessionA = hub.open('a', a.emit);
    const sessionB = hub.open('b', b.emit);
    const jobs = new JobRunner({ progressIntervalMs: 10 });
    let stopped = false;
    const id = jobs.start(
      KIND,
      async (signal, progress) => {
        for (let i = 0; !signal.aborted; i++) {
          progress(i);
          await sleep(5);
        }
        stopped = true;
        return RESULT;
      },
      { session: sessionA },
    );
    await sleep(60);
    expect(a.events.some((e) => e.event === 'job.progress')).toBe(true);
    expect(b.events).toEqual([]);
    // Another session neither sees nor cancels it.
    expect(jobs.list(sessionB).map((j) => j.jobId)).not.toContain(id);
    expect(() => jobs.cancel(id, sessionB)).toThrow(/No job with id/);
    expect(jobs.list(sessionA).map((j) => j.jobId)).toContain(id);

    await sessionA.dispose();
    const end = await jobs.wait(id);
    expect(stopped).toBe(true);
    expect(end.status).toBe('cancelled');
    expect(b.events).toEqual([]);
  });

  it('keeps a detached job running after its session ends, visible to every session', async () => {
    const hub = new SessionHub();
    const owner = hub.open('owner', recorder().emit);
    const other = hub.open('other', recorder().emit);
    const jobs = new JobRunner();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const id = jobs.start(
      KIND,
      async () => {
        await gate;
        return RESULT;
      },
      { session: owner, detached: true },
    );
    await owner.dispose();
    await sleep(20);
    expect(jobs.get(id, other)).toMatchObject({ status: 'running', detached: true });
    release();
    expect((await jobs.wait(id)).status).toBe('succeeded');
  });

  it('answers NOT_FOUND for an unknown job and lists known ones', async () => {
    const jobs = new JobRunner();
    expect(() => jobs.get('nope')).toThrow(/No job with id "nope"/);
    const id = jobs.start(KIND, async () => RESULT);
    expect(jobs.list().map((j) => j.jobId)).toContain(id);
    await jobs.wait(id);
  });
});

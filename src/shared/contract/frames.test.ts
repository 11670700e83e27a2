/**
 * `readServerFrame` (written out without zod) and `serverFrameSchema` give the same verdict and the same
 * frame for frames inside and outside the contract.
 */
import { describe, expect, it } from 'vitest';
import { readServerFrame } from './frames';
import { serverFrameSchema } from './wire';

const error = { code: 'INVALID_INPUT', message: 'No.', details: { path: 'a' } };
const FRAMES: unknown[] = [
  { type: 'result', id: 1, envelope: { ok: true, data: { n: 1 } } },
  { type: 'result', id: null, envelope: { ok: true, data: [1, 2] } },
  { type: 'result', id: 2, envelope: { ok: true, data: null, extra: 1 }, extra: 2 },
  { type: 'result', id: 3, envelope: { ok: false, error } },
  { type: 'result', id: 3, envelope: { ok: false, error: { ...error, extra: true } } },
  { type: 'result', id: 3, envelope: { ok: false, error: { ...error, details: {} } } },
  { type: 'event', name: 'job.progress', payload: { jobId: 'j' } },
  { type: 'event', name: 'x', payload: null, extra: 1 },
  // Outside the contract.
  null,
  'result',
  [],
  {},
  { type: 'call', id: 1, name: 'a', input: {} },
  { type: 'event', name: 3, payload: {} },
  { type: 'event' },
  { type: 'event', name: 'x' }, // a key of the schema, even `unknown`, must be there
  { type: 'result', id: 7, envelope: { ok: true } },
  { type: 'result', id: 1.5, envelope: { ok: true, data: 1 } },
  { type: 'result', id: '1', envelope: { ok: true, data: 1 } },
  { type: 'result', id: 2 ** 60, envelope: { ok: true, data: 1 } },
  { type: 'result', envelope: { ok: true, data: 1 } },
  { type: 'result', id: 1 },
  { type: 'result', id: 1, envelope: [] },
  { type: 'result', id: 1, envelope: { ok: 'yes', data: 1 } },
  { type: 'result', id: 1, envelope: { data: 1 } },
  { type: 'result', id: 1, envelope: { ok: false } },
  { type: 'result', id: 1, envelope: { ok: false, error: { ...error, code: 'NOPE' } } },
  { type: 'result', id: 1, envelope: { ok: false, error: { ...error, message: 1 } } },
  { type: 'result', id: 1, envelope: { ok: false, error: { code: 'INTERNAL', message: 'm' } } },
  { type: 'result', id: 1, envelope: { ok: false, error: { ...error, details: null } } },
  { type: 'result', id: 1, envelope: { ok: false, error: { ...error, details: [1] } } },
];

describe('readServerFrame', () => {
  it.each(FRAMES.map((f) => [JSON.stringify(f), f]))('agrees with serverFrameSchema on %s', (_, frame) => {
    const parsed = serverFrameSchema.safeParse(frame);
    const read = readServerFrame(frame);
    expect(read !== null).toBe(parsed.success);
    if (parsed.success) expect(read).toEqual(parsed.data);
  });

  it('accepts every frame the schema accepts in the list, and refuses the rest', () => {
    const accepted = FRAMES.filter((f) => readServerFrame(f) !== null).length;
    expect(accepted).toBe(8);
  });
});

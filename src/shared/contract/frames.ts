/**
 * Reads a host frame of the web wire without zod: the checks of `serverFrameSchema` (wire.ts), written
 * out, so that the renderer answers the first screen's calls without first building the contract's
 * schemas (tens of milliseconds on a slow machine, before the first paint). frames.test.ts holds the two
 * to the same verdicts. Event payloads are still checked against their schemas (events.ts).
 */
import { ERROR_CODES, type ErrorCode } from '../errors';
import type { ServerFrame } from './wire';

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The frame with only its known keys, or null when it is outside the contract. */
export function readServerFrame(raw: unknown): ServerFrame | null {
  if (!isRecord(raw)) return null;
  if (raw.type === 'event') {
    return typeof raw.name === 'string' && 'payload' in raw
      ? { type: 'event', name: raw.name, payload: raw.payload }
      : null;
  }
  if (raw.type !== 'result') return null;
  const { id, envelope } = raw;
  if (id !== null && !Number.isSafeInteger(id)) return null;
  if (!isRecord(envelope)) return null;
  if (envelope.ok === true && 'data' in envelope)
    return { type: 'result', id: id as number | null, envelope: { ok: true, data: envelope.data } };
  const error = envelope.error;
  if (envelope.ok !== false || !isRecord(error)) return null; // `ok: true` without data too
  const { code, message, details } = error;
  if (typeof code !== 'string' || !CODES.has(code) || typeof message !== 'string' || !isRecord(details))
    return null;
  return {
    type: 'result',
    id: id as number | null,
    envelope: { ok: false, error: { code: code as ErrorCode, message, details } },
  };
}

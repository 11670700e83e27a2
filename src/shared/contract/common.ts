/** Shapes more than one domain of the contract uses: dates, the error payload, the envelope. */
import { z } from 'zod';
import { ERROR_CODES, type ErrorPayload } from '../errors';

export type { ErrorPayload };

export const isoDate = z.iso.datetime({ offset: true });

/** The one error shape that crosses every boundary (envelopes, failed jobs, upload answers). */
export const errorPayloadSchema: z.ZodType<ErrorPayload> = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

/** The zod schema of an envelope around a given data schema. */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: errorPayloadSchema }),
  ]);
}
/** An envelope whose data is not checked (transports use it; the dispatcher checks data per call). */
export const anyEnvelopeSchema = envelopeSchema(z.unknown());

/** The web host's wire: WebSocket frames and the upload endpoint's answer. */
import { z } from 'zod';
import { anyEnvelopeSchema } from './common';

export const clientFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  name: z.string(),
  input: z.unknown(),
});
export type ClientFrame = z.output<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nullable(), envelope: anyEnvelopeSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.output<typeof serverFrameSchema>;

/** The upload endpoint's data (`POST /upload?token=...`, header `x-file-name`), inside an envelope. */
export const uploadResultSchema = z.object({ uploadId: z.string(), size: z.number().int().nonnegative() });
export type UploadResult = z.output<typeof uploadResultSchema>;

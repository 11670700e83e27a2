/** The app itself: versions, host, data folder. */
import { z } from 'zod';

export const appCalls = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      versions: z.object({
        node: z.string(),
        electron: z.string().optional(),
        chrome: z.string().optional(),
      }),
      host: z.enum(['electron', 'web']),
      dataDir: z.string(),
      /** Whether saved passwords are encrypted at rest (safeStorage) or not (the web host's file store). */
      secretStorage: z.object({ encrypted: z.boolean(), warning: z.string().optional() }),
    }),
  },
  'app.session': {
    /** The caller's client session (a window or a socket): uploads name it in their `x-session-id` header. */
    input: z.object({}),
    output: z.object({ sessionId: z.string() }),
  },
} as const;

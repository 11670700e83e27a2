/**
 * The query library: every run kept per connection (the last 50) and named saved queries. Both live in the
 * app's data folder; a file that cannot be read is set aside and reported (`warning`), never silently emptied.
 */
import { z } from 'zod';
import { isoDate } from './common';

export const MAX_HISTORY_PER_CONNECTION = 50;

const queryList = z.array(z.record(z.string(), z.unknown()));

export const historyEntrySchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  /** The query list as it ran (Extended JSON values). */
  query: queryList,
  datumsWanted: z.number().int().positive().nullable(),
  transpose: z.boolean(),
  startedAt: isoDate,
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Rows delivered (all of them when done; so far when cancelled or failed). */
  rows: z.number().int().nonnegative().nullable(),
  durationMs: z.number().nonnegative().nullable(),
  error: z.string().optional(),
});
export type HistoryEntry = z.output<typeof historyEntrySchema>;

export const savedQuerySchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(200),
  description: z.string().max(5000),
  query: queryList,
  datumsWanted: z.number().int().positive().nullable(),
  transpose: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SavedQuery = z.output<typeof savedQuerySchema>;

/** A saved query as a user gives it (new, or an update of `id`). */
export const savedQueryDraftSchema = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, 'a name').max(200),
  description: z.string().max(5000).optional(),
  query: z.union([z.record(z.string(), z.unknown()), queryList]),
  datumsWanted: z.number().int().positive().nullable().optional(),
  transpose: z.boolean().optional(),
});
export type SavedQueryDraft = z.input<typeof savedQueryDraftSchema>;

const search = z.string().max(500).optional();
/** Set when a library file could not be read: it was moved aside (its new name is in the message). */
const warning = z.string().optional();

export const libraryCalls = {
  'queries.history': {
    /** The active connection's runs, newest first; `search` matches the query text. */
    input: z.object({ search }),
    output: z.object({ entries: z.array(historyEntrySchema), warning }),
  },
  'queries.clearHistory': {
    input: z.object({}),
    output: z.object({ cleared: z.number().int().nonnegative() }),
  },
  'queries.saved': {
    /** Every saved query, by name; `search` matches name, description and query text. */
    input: z.object({ search }),
    output: z.object({ queries: z.array(savedQuerySchema), warning }),
  },
  'queries.save': {
    /** Validated with the engine's validator first (QUERY_VALIDATION); a name already taken is refused. */
    input: savedQueryDraftSchema,
    output: savedQuerySchema,
  },
  'queries.delete': {
    input: z.object({ id: z.string().min(1) }),
    output: z.object({ deleted: z.boolean() }),
  },
  'queries.import': {
    /** The text of a `.json` query file (one query or a collection); all or nothing, each query validated. */
    input: z.object({ text: z.string().max(20 * 1024 * 1024), fileName: z.string().max(500).optional() }),
    output: z.object({ queries: z.array(savedQuerySchema) }),
  },
} as const;

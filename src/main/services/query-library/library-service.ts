/**
 * The query library: the last runs per connection (recorded by the query service as queries open and end)
 * and named saved queries, in `<dataDir>/queries/`. Saved queries are validated by the engine's validator.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type CallInput,
  type CallOutput,
  type HistoryEntry,
  historyEntrySchema,
  MAX_HISTORY_PER_CONNECTION,
  type SavedQuery,
  type SavedQueryDraft,
  savedQueryDraftSchema,
  savedQuerySchema,
} from '#shared/contract';
import { InvalidInputError, NotFoundError } from '#shared/errors';
import { validateQuery } from '#shared/query/validate';
import { parseQueryFile } from '#shared/query-library/query-file';
import { LibraryFile } from './library-file';

const historyFile = z.object({ version: z.literal(1), entries: z.array(historyEntrySchema) });
const savedFile = z.object({ version: z.literal(1), queries: z.array(savedQuerySchema) });

/** The run of one query, as the query service reports it. */
export interface RunRecord {
  finish(outcome: { status: 'done' | 'cancelled' | 'failed'; rows: number; error?: string }): void;
}

export class QueryLibrary {
  private readonly history: LibraryFile<z.output<typeof historyFile>>;
  private readonly saved: LibraryFile<z.output<typeof savedFile>>;

  constructor(
    dataDir: string,
    private readonly activeConnectionId: () => string,
  ) {
    const dir = join(dataDir, 'queries');
    this.history = new LibraryFile(
      join(dir, 'history.json'),
      historyFile,
      () => ({ version: 1, entries: [] }),
      'query history',
    );
    this.saved = new LibraryFile(
      join(dir, 'saved.json'),
      savedFile,
      () => ({ version: 1, queries: [] }),
      'saved queries',
    );
  }

  /** Records a run that starts now; `finish` completes its entry. Recording never fails the query itself. */
  recordRun(run: {
    connectionId: string;
    query: unknown;
    datumsWanted: number | null;
    transpose: boolean;
  }): RunRecord {
    const started = performance.now();
    const entry: HistoryEntry = {
      id: randomUUID(),
      connectionId: run.connectionId,
      query: (Array.isArray(run.query) ? run.query : [run.query]) as HistoryEntry['query'],
      datumsWanted: run.datumsWanted,
      transpose: run.transpose,
      startedAt: new Date().toISOString(),
      status: 'running',
      rows: null,
      durationMs: null,
    };
    const log = (err: unknown) => console.error('recording the query history failed:', err);
    this.history
      .update((h) => {
        h.entries.unshift(entry);
        const mine = h.entries.filter((e) => e.connectionId === run.connectionId);
        const drop = new Set(mine.slice(MAX_HISTORY_PER_CONNECTION).map((e) => e.id));
        h.entries = h.entries.filter((e) => !drop.has(e.id));
      })
      .catch(log);
    let finished = false;
    return {
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        const durationMs = Math.round(performance.now() - started);
        this.history
          .update((h) => {
            const e = h.entries.find((x) => x.id === entry.id);
            if (!e) return;
            Object.assign(e, { status: outcome.status, rows: outcome.rows, durationMs });
            if (outcome.error) e.error = outcome.error.slice(0, 2000);
          })
          .catch(log);
      },
    };
  }

  /** Waits for the history and saved-query writes still in flight (the host is closing). */
  async close(): Promise<void> {
    await Promise.all([this.history.settled(), this.saved.settled()]);
  }

  async listHistory(input: CallInput<'queries.history'>): Promise<CallOutput<'queries.history'>> {
    const connectionId = this.activeConnectionId();
    const { entries } = await this.history.read();
    const needle = input.search?.trim().toLowerCase();
    const mine = entries.filter((e) => e.connectionId === connectionId);
    const warning = this.history.takeWarning();
    return {
      entries: needle ? mine.filter((e) => JSON.stringify(e.query).toLowerCase().includes(needle)) : mine,
      ...(warning ? { warning } : {}),
    };
  }

  clearHistory(): Promise<CallOutput<'queries.clearHistory'>> {
    const connectionId = this.activeConnectionId();
    return this.history.update((h) => {
      const before = h.entries.length;
      h.entries = h.entries.filter((e) => e.connectionId !== connectionId);
      return { cleared: before - h.entries.length };
    });
  }

  async listSaved(input: CallInput<'queries.saved'>): Promise<CallOutput<'queries.saved'>> {
    const { queries } = await this.saved.read();
    const needle = input.search?.trim().toLowerCase();
    const sorted = [...queries].sort((a, b) => a.name.localeCompare(b.name));
    const warning = this.saved.takeWarning();
    const match = (q: SavedQuery) =>
      `${q.name}\n${q.description}\n${JSON.stringify(q.query)}`.toLowerCase().includes(needle ?? '');
    return { queries: needle ? sorted.filter(match) : sorted, ...(warning ? { warning } : {}) };
  }

  save(draft: SavedQueryDraft): Promise<SavedQuery> {
    const checked = checkDraft(draft);
    return this.saved.update((file) => {
      const taken = file.queries.find(
        (q) => q.name.toLowerCase() === checked.name.toLowerCase() && q.id !== checked.id,
      );
      if (taken) {
        throw new InvalidInputError(`A saved query is already named “${taken.name}”: choose another name`, {
          field: 'name',
        });
      }
      const now = new Date().toISOString();
      if (checked.id) {
        const existing = file.queries.find((q) => q.id === checked.id);
        if (!existing) throw new NotFoundError(`No saved query with id "${checked.id}"`, { id: checked.id });
        Object.assign(existing, { ...checked, id: existing.id, updatedAt: now });
        return { ...existing };
      }
      const created: SavedQuery = { ...checked, id: randomUUID(), createdAt: now, updatedAt: now };
      file.queries.push(created);
      return { ...created };
    });
  }

  delete(id: string): Promise<CallOutput<'queries.delete'>> {
    return this.saved.update((file) => {
      const before = file.queries.length;
      file.queries = file.queries.filter((q) => q.id !== id);
      return { deleted: file.queries.length < before };
    });
  }

  /** All or nothing: every query of the file is validated before any is saved; names get a suffix if taken. */
  async import(input: CallInput<'queries.import'>): Promise<CallOutput<'queries.import'>> {
    const drafts = parseQueryFile(input.text, input.fileName).map(checkDraft);
    return this.saved.update((file) => {
      const now = new Date().toISOString();
      const names = new Set(file.queries.map((q) => q.name.toLowerCase()));
      const created = drafts.map((d) => {
        let name = d.name;
        for (let n = 2; names.has(name.toLowerCase()); n++) name = `${d.name} (${n})`;
        names.add(name.toLowerCase());
        const q: SavedQuery = { ...d, id: randomUUID(), name, createdAt: now, updatedAt: now };
        file.queries.push(q);
        return q;
      });
      return { queries: created };
    });
  }
}

function checkDraft(
  draft: SavedQueryDraft,
): Omit<SavedQuery, 'id' | 'createdAt' | 'updatedAt'> & { id?: string } {
  const d = savedQueryDraftSchema.parse(draft);
  const query = (Array.isArray(d.query) ? d.query : [d.query]) as SavedQuery['query'];
  validateQuery(query as never, { datumsWanted: d.datumsWanted ?? undefined, transpose: d.transpose });
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    description: d.description ?? '',
    query,
    datumsWanted: d.datumsWanted ?? null,
    transpose: d.transpose ?? false,
  };
}

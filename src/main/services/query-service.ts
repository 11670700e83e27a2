/**
 * Queries for clients, through cursors: `open` validates the query (a QueryValidationError before any store
 * access) and starts the engine's stream; `next` pulls bounded batches; closing the cursor, its session, or
 * switching away from the datalake aborts the stream, which stops the store work.
 */
import type { CallInput, CallOutput, QueryStatsJson } from '#shared/contract';
import type { QueryInput, Row } from '#shared/query/types';

import { validateQuery } from '#shared/query/validate';
import type { Lease } from './connections-service';
import type { CursorTable } from './cursors';
import type { RunRecord } from './query-library/library-service';
import type { ClientSession } from './sessions';

/** What the query service needs from the connections: a borrowed datalake. */
export interface DatalakeLender {
  acquire(): Promise<Lease>;
}

const DEFAULT_ROWS = 1000;

/** Where runs are kept (the query history); optional, so tests can leave it out. */
export interface RunRecorder {
  recordRun(run: RunStart): RunRecord;
}
interface RunStart {
  connectionId: string;
  query: unknown;
  datumsWanted: number | null;
  transpose: boolean;
}

export class QueryService {
  constructor(
    private readonly lender: DatalakeLender,
    private readonly cursors: CursorTable,
    private readonly recorder?: RunRecorder,
  ) {}

  async open(session: ClientSession, input: CallInput<'query.open'>): Promise<CallOutput<'query.open'>> {
    const query = input.query as QueryInput;
    const options = { datumsWanted: input.datumsWanted ?? undefined };
    // Validation first: a bad query never borrows the datalake.
    const stages = validateQuery(query, options);
    const lease = await this.lender.acquire();
    const controller = new AbortController();
    let cursorId = '';
    // A switched-away datalake closes once its leases are back: end the cursor (and its store work) now.
    const stop = () => {
      controller.abort();
      void this.cursors.end(cursorId, 'the datalake it was reading was closed or switched away from');
    };
    lease.retired.addEventListener('abort', stop);
    let stream: AsyncGenerator<{ rows: Row[]; stats: QueryStatsJson }>;
    try {
      stream = lease.datalake.queryDataStream(query, { ...options, signal: controller.signal });
    } catch (err) {
      lease.retired.removeEventListener('abort', stop);
      lease.release();
      throw err;
    }
    const record = this.recorder?.recordRun({
      connectionId: lease.connection.id,
      query,
      datumsWanted: input.datumsWanted ?? null,
      transpose: input.transpose ?? false,
    });
    const run = { rows: 0, exhausted: false, error: undefined as string | undefined };
    cursorId = this.cursors.open<Row, QueryStatsJson>(session, 'query', {
      async next() {
        let step: IteratorResult<{ rows: Row[]; stats: QueryStatsJson }>;
        try {
          step = await stream.next();
        } catch (err) {
          if (!controller.signal.aborted) run.error = (err as Error).message;
          throw err;
        }
        if (step.done) {
          run.exhausted = true;
          return undefined;
        }
        run.rows += step.value.rows.length;
        return { items: step.value.rows, extra: step.value.stats };
      },
      async close() {
        record?.finish({
          status: run.error ? 'failed' : run.exhausted ? 'done' : 'cancelled',
          rows: run.rows,
          ...(run.error ? { error: run.error } : {}),
        });
        controller.abort();
        try {
          await stream.return(undefined);
        } catch {
          // An aborted stream ends with CancelledError: that is the point of closing it.
        } finally {
          lease.retired.removeEventListener('abort', stop);
          lease.release();
        }
      },
    });
    if (lease.retired.aborted) stop();
    return {
      cursorId,
      columns: stages.filter((s) => s.strategy !== 'missing').map((s) => s.column),
    };
  }

  async next(session: ClientSession, input: CallInput<'query.next'>): Promise<CallOutput<'query.next'>> {
    const taken = await this.cursors.take<Row, QueryStatsJson>(
      session,
      input.cursorId,
      input.maxRows ?? DEFAULT_ROWS,
    );
    return { rows: taken.items, stats: taken.extra ?? null, done: taken.done };
  }

  async close(session: ClientSession, input: CallInput<'query.close'>): Promise<CallOutput<'query.close'>> {
    return { closed: await this.cursors.close(session, input.cursorId) };
  }
}

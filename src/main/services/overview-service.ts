/**
 * The datalake overview, in parts that never wait for each other: the estimated count at once, the counts
 * by `data.type` (computed once per connection and cached with their time, recomputed on request or after
 * a write through this app, with progress events while they run), the exact count, and the schema sample.
 */
import type { CallOutput, Connection, TypeCount, TypeCounts } from '#shared/contract';
import type { CountProgress } from '../engine';
import type { LakeSource, OverviewLake } from './ports';
import { flattenSchema } from './schema-sample';
import type { Emit } from './sessions';

export const SCHEMA_SAMPLE_SIZE = 1000;
/** Gap between two progress events of one count (ms). */
const PROGRESS_INTERVAL_MS = 150;

interface Computed {
  /** The connection's settings when counted: an edited connection may point at another database. */
  settings: string;
  /** The datalake object counted, and its `revision` then: a write through it since makes them stale. */
  lake: OverviewLake;
  revision: number;
  counts: TypeCount[];
  computedAt: string;
  durationMs: number;
}

interface Running {
  lake: OverviewLake;
  revision: number;
  promise: Promise<Computed>;
}

export interface OverviewOptions {
  emit: Emit;
  progressIntervalMs?: number;
}

export class OverviewService {
  /** By connection id: switching away and back keeps the counts of a connection nobody wrote to. */
  private readonly cache = new Map<string, Computed>();
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly lakes: LakeSource<OverviewLake>,
    private readonly options: OverviewOptions,
  ) {}

  get(): Promise<CallOutput<'overview.get'>> {
    return this.lakes.withDatalake(async (dl, connection) => ({
      estimatedCount: await dl.estimatedCount(),
      connection,
    }));
  }

  /**
   * The cached counts when no write went through this app since they were taken (and `refresh` is not
   * asked); otherwise the running count of this connection if it started after the last write, or a new one.
   */
  typeCounts(input: { refresh?: boolean } = {}): Promise<TypeCounts> {
    return this.lakes.withDatalake(async (dl, connection) => {
      const id = connection.id;
      const cached = this.current(id, dl, settingsOf(connection));
      if (!input.refresh && cached) return toOutput(id, cached, true);
      let run = this.running.get(id);
      if (!run || run.lake !== dl || run.revision !== dl.revision) {
        run = { lake: dl, revision: dl.revision, promise: this.count(connection, dl) };
        const mine = run;
        this.running.set(id, mine);
        void mine.promise
          .then((computed) => {
            // An older count finishing late must not replace a newer one.
            const prior = this.cache.get(id);
            if (!prior || prior.lake !== dl || prior.revision <= computed.revision)
              this.cache.set(id, computed);
          })
          .catch(() => {})
          .finally(() => {
            if (this.running.get(id) === mine) this.running.delete(id);
          });
      }
      return toOutput(id, await run.promise, false);
    });
  }

  /** The cached counts of a connection if nothing was written through this app since they were taken. */
  private current(id: string, dl: OverviewLake, settings: string): Computed | undefined {
    const c = this.cache.get(id);
    if (!c || c.settings !== settings) return undefined;
    if (c.lake === dl) return c.revision === dl.revision ? c : undefined;
    // The connection was reopened (switched away and back): still current if the old datalake saw no
    // write after the count and the new one none yet. The entry moves to the new datalake.
    if (c.lake.revision !== c.revision || dl.revision !== 0) return undefined;
    const moved = { ...c, lake: dl, revision: 0 };
    this.cache.set(id, moved);
    return moved;
  }

  exactCount(): Promise<CallOutput<'overview.exactCount'>> {
    return this.lakes.withDatalake(async (dl) => ({ count: await dl.count() }));
  }

  schema(): Promise<CallOutput<'overview.schema'>> {
    return this.lakes.withDatalake(async (dl) => {
      const datums = await dl.sample(SCHEMA_SAMPLE_SIZE);
      return { sampled: datums.length, fields: flattenSchema(datums) };
    });
  }

  private async count(connection: Connection, dl: OverviewLake): Promise<Computed> {
    const connectionId = connection.id;
    const revision = dl.revision;
    const started = new Date();
    const startedAt = started.toISOString();
    const interval = this.options.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
    let last = 0;
    const onProgress = ({ done, total }: CountProgress) => {
      const now = performance.now();
      const finished = total !== null && done >= total;
      if (last !== 0 && now - last < interval && !finished) return;
      last = now;
      this.options.emit('overview.typeCounts.progress', { connectionId, done, total, startedAt });
    };
    const groups = await dl.countBy('data.type', { onProgress });
    const finished = new Date();
    return {
      settings: settingsOf(connection),
      lake: dl,
      revision,
      counts: toTypeCounts(groups),
      computedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    };
  }
}

const settingsOf = (connection: Connection) => JSON.stringify(connection);

function toOutput(connectionId: string, c: Computed, cached: boolean): TypeCounts {
  return { connectionId, counts: c.counts, computedAt: c.computedAt, durationMs: c.durationMs, cached };
}

/**
 * `countBy` groups by raw value; the overview wants one row per type name, biggest first. Values that are
 * not strings (missing, null, numbers) count under `null`: they are datums without a usable type.
 */
export function toTypeCounts(groups: Array<{ value: unknown; count: number }>): TypeCount[] {
  const byType = new Map<string | null, number>();
  for (const { value, count } of groups) {
    const type = typeof value === 'string' ? value : null;
    byType.set(type, (byType.get(type) ?? 0) + count);
  }
  return [...byType.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || String(a.type).localeCompare(String(b.type)));
}

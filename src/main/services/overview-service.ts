/** The datalake overview: counts (estimated at once, exact on request), counts by `data.type`, schema sample. */
import type { CallOutput } from '#shared/contract';
import type { ConnectionsService } from './connections-service';
import { flattenSchema } from './schema-sample';

export const SCHEMA_SAMPLE_SIZE = 1000;

export class OverviewService {
  constructor(private readonly connections: ConnectionsService) {}

  get(): Promise<CallOutput<'overview.get'>> {
    return this.connections.withDatalake(async (dl, connection) => {
      const [estimatedCount, groups] = await Promise.all([
        dl.store.estimatedCount(),
        dl.store.countBy('data.type', {}),
      ]);
      return { estimatedCount, countsByType: toTypeCounts(groups), connection };
    });
  }

  exactCount(): Promise<CallOutput<'overview.exactCount'>> {
    return this.connections.withDatalake(async (dl) => ({ count: await dl.store.countDocuments({}) }));
  }

  schema(): Promise<CallOutput<'overview.schema'>> {
    return this.connections.withDatalake(async (dl) => {
      const docs = await dl.store.sample({}, SCHEMA_SAMPLE_SIZE);
      return { sampled: docs.length, fields: flattenSchema(docs) };
    });
  }
}

/**
 * `countBy` groups by raw value; the overview wants one row per type name, biggest first. Values that are
 * not strings (missing, null, numbers) count under `null`: they are datums without a usable type.
 */
export function toTypeCounts(
  groups: Array<{ value: unknown; count: number }>,
): Array<{ type: string | null; count: number }> {
  const byType = new Map<string | null, number>();
  for (const { value, count } of groups) {
    const type = typeof value === 'string' ? value : null;
    byType.set(type, (byType.get(type) ?? 0) + count);
  }
  return [...byType.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || String(a.type).localeCompare(String(b.type)));
}

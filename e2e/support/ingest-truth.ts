/**
 * What an ingestion batch really holds, read through the engine of the in-process web host (not through
 * the screen): its datums by source, and the consistency checks of the crash-safety rules (every registry
 * payload there and intact, every parent there, no source written twice).
 */
import type { Datum } from '../../src/main/engine';
import type { WebHost } from '../../src/main/web-host/server';

export interface BatchTruth {
  datums: Datum[];
  bySource: Map<string, Datum>;
  /** Datums per `data.type` (registry datums under `(registry)`). */
  byType: Map<string, number>;
  /** Broken rules, in words; empty when the batch is consistent. */
  problems: string[];
}

export async function batchTruth(host: WebHost, batchId: string): Promise<BatchTruth> {
  return host.services.connections.withDatalake(async (dl) => {
    const datums = await dl.findByValues('metadata.ingest_batch', [batchId]);
    const problems: string[] = [];
    const bySource = new Map<string, Datum>();
    for (const d of datums) {
      const source = String(d.metadata.ingest_source);
      if (bySource.has(source)) problems.push(`${source} is in the batch twice`);
      bySource.set(source, d);
    }
    const parents = [...new Set(datums.map((d) => d.derivedFrom).filter((p): p is string => p !== null))];
    const found = await dl.findData(parents);
    found.forEach((p, i) => {
      if (!p) problems.push(`parent ${parents[i]} is missing`);
    });
    for (const d of datums.filter((x) => x.registryUri)) {
      try {
        const check = await dl.verifyPayload(d);
        if (check.ok === false)
          problems.push(`the payload of ${String(d.metadata.ingest_source)} is damaged`);
      } catch (err) {
        problems.push(`the payload of ${String(d.metadata.ingest_source)}: ${(err as Error).message}`);
      }
    }
    const byType = new Map<string, number>();
    for (const d of datums) {
      const type = d.registryUri
        ? '(registry)'
        : String((d.data as { type?: unknown } | null)?.type ?? '(none)');
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    return { datums, bySource, byType, problems };
  });
}

/** The children of a datum within a batch. */
export function childrenOf(truth: BatchTruth, parentId: string): Datum[] {
  return truth.datums.filter((d) => d.derivedFrom === parentId);
}

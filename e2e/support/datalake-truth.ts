/**
 * What the active datalake really holds, read datum by datum through the engine of the in-process web
 * host (not its counts, which the overview shows), so the specs compare the screen with the data, not
 * with numbers written into the test.
 */
import type { WebHost } from '../../src/main/web-host/server';

export interface DatalakeCounts {
  total: number;
  /** Datums per `data.type`; datums without a string type under `(none)` as on the overview. */
  byType: Map<string, number>;
}

export const NO_TYPE = '(none)';

export async function countDatalake(host: WebHost): Promise<DatalakeCounts> {
  return host.services.connections.withDatalake(async (datalake) => {
    const rows = (await datalake.queryData({ column: 'id' })) as Array<{ id: string }>;
    const byType = new Map<string, number>();
    for (const datum of await datalake.getData(
      rows.map((r) => r.id),
      { loadPayload: false },
    )) {
      const type = (datum.data as { type?: unknown } | null)?.type;
      const key = typeof type === 'string' ? type : NO_TYPE;
      byType.set(key, (byType.get(key) ?? 0) + 1);
    }
    return { total: rows.length, byType };
  });
}

/** Starts the sample dataset through the contract and waits for its job to succeed. */
export async function loadSampleThroughHost(host: WebHost, timeoutMs = 60_000): Promise<void> {
  const started = await host.dispatcher.call('sample.load', {});
  if (!started.ok) throw new Error(`sample.load was refused: ${started.error.message}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await host.dispatcher.call('jobs.get', { jobId: started.data.jobId });
    if (!job.ok) throw new Error(`jobs.get failed: ${job.error.message}`);
    if (job.data.status === 'succeeded') return;
    if (job.data.status !== 'running') {
      throw new Error(`the sample dataset job ended ${job.data.status}: ${job.data.error?.message ?? ''}`);
    }
    if (Date.now() > deadline) throw new Error(`the sample dataset job still runs after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Test data for the inspector and graph specs, made through the in-process web host's engine (never by
 * editing the UI): the sample dataset's chains, a wide node, a dangling parent and a missing registry object.
 */
import { ObjectId } from 'bson';
import type { WebHost } from '../../src/main/web-host/server';
import type { Row } from '../../src/shared/query/types';
import { loadSampleThroughHost } from './datalake-truth';

export const CHAIN_QUERY = [
  { 'metadata.project': 'sample-shapes', 'data.type': 'image', column: 'image', strategy: 'earliest' },
  { derived_from: 'image', 'data.type': 'classification', column: 'label', strategy: 'latest' },
  { derived_from: 'label', 'data.type': 'bbox', column: 'box', strategy: 'latest' },
];

export interface SampleChains {
  rows: Row[];
  /** Labels per image id (oldest first), as the engine sees them. */
  labelsOf: Map<string, string[]>;
}

export async function loadSampleChains(host: WebHost, images = 24): Promise<SampleChains> {
  const started = await host.dispatcher.call('sample.load', { images });
  if (!started.ok) throw new Error(started.error.message);
  await host.services.jobs.wait(started.data.jobId);
  return host.services.connections.withDatalake(async (dl) => {
    const rows = (await dl.queryData(CHAIN_QUERY)) as Row[];
    const labelsOf = new Map<string, string[]>();
    for (const r of rows) {
      const keys = await dl.childKeys([r.image], { 'data.type': 'classification' });
      labelsOf.set(
        r.image,
        keys.map((k) => k.id),
      );
    }
    return { rows, labelsOf };
  });
}

/** Adds `count` tiles (`tile-000`, …) under a datum: a node wide enough to be clustered. */
export async function addTiles(host: WebHost, parent: string, count: number): Promise<string[]> {
  return host.services.connections.withDatalake(async (dl) => {
    const tiles = await dl.addData(
      Array.from({ length: count }, (_, i) => ({
        data: { type: 'tile', label: `tile-${String(i).padStart(3, '0')}` },
        derivedFrom: parent,
      })),
    );
    return tiles.map((t) => t.id);
  });
}

/** A label whose parent does not exist, with a registry child whose object has been deleted. */
export async function addBrokenLineage(
  host: WebHost,
): Promise<{ ghost: string; orphan: string; file: string }> {
  const ghost = new ObjectId().toHexString();
  return host.services.connections.withDatalake(async (dl, connection) => {
    const orphan = await dl.addDatum({ type: 'classification', label: 'lost' }, {}, { derivedFrom: ghost });
    const file = await dl.addDatum(
      Buffer.from('payload bytes'),
      { filename: 'lost.bin' },
      {
        registryUri: connection.registryUri!,
        derivedFrom: orphan.id,
      },
    );
    await dl.registry(connection.registryUri!).delete(file.registryKey!);
    return { ghost, orphan: orphan.id, file: file.id };
  });
}

export { loadSampleThroughHost };

/**
 * Tests a MongoDB connection without writing anything (opening a Datalake would create indexes):
 * ping, server version, and how many datums the database holds. Failures come back in plain words
 * through the engine's `storeUnavailable` translation, never as a thrown error.
 */
import { MongoClient } from 'mongodb';
import { storeUnavailable } from './errors';
import { allHostsRefuse } from './refusal-check';

export interface ProbeResult {
  ok: boolean;
  message: string;
  latencyMs: number;
  serverVersion?: string;
}

export async function probeMongo(uri: string, dbName: string, timeoutMs = 5000): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let client: MongoClient | undefined;
  try {
    client = new MongoClient(uri, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs,
      appName: 'datalake-browser',
    });
    if (await allHostsRefuse(uri)) throw new Error('connect ECONNREFUSED');
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    const latencyMs = elapsed();
    const info = await db
      .admin()
      .command({ buildInfo: 1 })
      .catch(() => undefined);
    const serverVersion = describeVersion(info);
    const datums = await db
      .collection('Datum')
      .estimatedDocumentCount()
      .catch(() => undefined);
    const holds =
      datums === undefined
        ? ''
        : `; database "${dbName}" holds about ${datums.toLocaleString('en-US')} datums`;
    return {
      ok: true,
      message: `Connected in ${latencyMs} ms${serverVersion ? ` to ${serverVersion}` : ''}${holds}`,
      latencyMs,
      ...(serverVersion ? { serverVersion } : {}),
    };
  } catch (err) {
    const message =
      err instanceof Error && err.name === 'InvalidInputError'
        ? err.message
        : storeUnavailable(err, uri).message;
    return { ok: false, message, latencyMs: elapsed() };
  } finally {
    await client?.close().catch(() => {});
  }
}

function describeVersion(info: Record<string, unknown> | undefined): string | undefined {
  if (!info || typeof info.version !== 'string') return undefined;
  const ferret = typeof info.ferretdbVersion === 'string' ? ` (FerretDB ${info.ferretdbVersion})` : '';
  return `MongoDB ${info.version}${ferret}`;
}

/**
 * Readiness probes: each one does a real request, so "ready" means the server answers its protocol,
 * not merely that a port is open.
 */
import { MongoClient } from 'mongodb';

/** Pings the server and says what it is ("FerretDB v1.24.2" or "MongoDB 7.0.14"). */
export async function probeMongo(uri: string, timeoutMs = 2000): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const admin = client.db('admin');
    await admin.command({ ping: 1 });
    const info = await admin.command({ buildInfo: 1 });
    if (typeof info.ferretdbVersion === 'string') return `FerretDB ${info.ferretdbVersion}`;
    return `MongoDB ${info.version ?? '(unknown version)'}`;
  } finally {
    await client.close().catch(() => {});
  }
}

/** moto: ListBuckets on the root answers 200 with XML. */
export async function probeS3(endpoint: string, timeoutMs = 2000): Promise<void> {
  const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  // A real S3-compatible server may answer 403 to an unsigned request; it is up all the same.
  if (response.status >= 500) throw new Error(`S3 answered HTTP ${response.status}`);
}

/** gcp-storage-emulator: the JSON API's bucket list. */
export async function probeGcs(endpoint: string, timeoutMs = 2000): Promise<void> {
  const response = await fetch(`${endpoint}/storage/v1/b?project=test`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GCS answered HTTP ${response.status}`);
}

/** A URI fit for logs: the password, if any, is masked. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

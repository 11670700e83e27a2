/** Stored documents as the engine hands them out, and a bounded parallel map for payload loads. */
import type { Clock } from './timestamps';
import type { Datum, DatumDocument } from './types';

export function toDatum(doc: DatumDocument, data: unknown, clock: Clock): Datum {
  return {
    id: doc._id.toHexString(),
    data,
    registryUri: doc.registry_uri,
    registryKey: doc.registry_key,
    derivedFrom: doc.derived_from ? doc.derived_from.toHexString() : null,
    metadata: doc.metadata,
    addedAt: clock.toInstant(doc.added_at),
  };
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

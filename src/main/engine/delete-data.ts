/**
 * Deleting datums (spec §4's order, reversed): the documents first, then their registry objects, so that a
 * datum never points to a missing object. An object left behind by a failure is an orphan nobody points
 * to: harmless, and reported. Derived datums are not deleted with their parent.
 */
import { InvalidInputError } from '#shared/errors';
import { isDatumId, lookupId } from './ids';
import type { Registry } from './registries/registry';
import type { DeletedDatum, Store } from './stores/store';

export interface DeleteResult {
  /** The ids deleted, in the order asked. */
  deleted: string[];
  /** Ids asked for that the datalake did not hold. */
  notFound: string[];
  /** Registry objects whose datum was deleted but which could not be removed themselves. */
  orphanedObjects: Array<{ id: string; registryUri: string; registryKey: string; message: string }>;
}

/** Ids per store delete (one `$in` each). */
export const DELETE_BATCH = 1000;
/** Registry objects deleted at once (each is a file or an HTTP request). */
const OBJECT_DELETES = 16;

export async function deleteDatums(
  store: Store,
  registry: (uri: string) => Registry,
  ids: string[],
): Promise<DeleteResult> {
  const malformed = ids.filter((id) => !isDatumId(id)).map((id) => String(id));
  if (malformed.length > 0) {
    throw new InvalidInputError(`Cannot delete ${malformed.join(', ')}: not datum ids`, { ids: malformed });
  }
  const unique = [...new Set(ids.map((id) => lookupId(id).toHexString()))];
  const gone = new Set<string>();
  const orphanedObjects: DeleteResult['orphanedObjects'] = [];
  for (let i = 0; i < unique.length; i += DELETE_BATCH) {
    const deleted = await store.deleteMany(unique.slice(i, i + DELETE_BATCH).map(lookupId));
    for (const d of deleted) gone.add(d._id.toHexString());
    orphanedObjects.push(...(await deleteObjects(deleted, registry)));
  }
  return {
    deleted: unique.filter((id) => gone.has(id)),
    notFound: unique.filter((id) => !gone.has(id)),
    orphanedObjects,
  };
}

async function deleteObjects(
  deleted: DeletedDatum[],
  registry: (uri: string) => Registry,
): Promise<DeleteResult['orphanedObjects']> {
  const pointers = deleted.filter((d) => d.registry_uri && d.registry_key);
  const failed: DeleteResult['orphanedObjects'] = [];
  for (let i = 0; i < pointers.length; i += OBJECT_DELETES) {
    await Promise.all(
      pointers.slice(i, i + OBJECT_DELETES).map(async (d) => {
        try {
          await registry(d.registry_uri!).delete(d.registry_key!);
        } catch (err) {
          failed.push({
            id: d._id.toHexString(),
            registryUri: d.registry_uri!,
            registryKey: d.registry_key!,
            message: (err as Error).message,
          });
        }
      }),
    );
  }
  return failed;
}

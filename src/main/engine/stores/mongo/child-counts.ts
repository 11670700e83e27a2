/** `countChildrenBy(parents, path)` on MongoDB: one `$match` on the derived_from index, one `$group`. */
import { type Collection, ObjectId } from 'mongodb';
import type { DatumDocument } from '../../types';
import type { ChildGroup } from '../store';

export async function countChildrenInMongo(
  collection: Collection<DatumDocument>,
  parentIds: string[],
  path: string,
): Promise<ChildGroup[]> {
  if (parentIds.length === 0) return [];
  const parents = [...new Set(parentIds.map((p) => p.toLowerCase()))].map((h) =>
    ObjectId.createFromHexString(h),
  );
  const groups = await collection
    .aggregate<{ _id: { p: ObjectId; v?: unknown }; count: number }>([
      { $match: { derived_from: { $in: parents } } },
      { $group: { _id: { p: '$derived_from', v: `$${path}` }, count: { $sum: 1 } } },
    ])
    .toArray();
  return groups.map((g) => ({ parent: g._id.p.toHexString(), value: g._id.v ?? null, count: g.count }));
}

/**
 * The floor on MongoDB: the fewest driver calls that produce the same answer — one find for the base
 * set, then one `$in` find per derived level over every parent at once, picking in memory.
 */
import type { Collection, Document, ObjectId } from 'mongodb';
import type { Row } from '#shared/query/types';

type Keys = { _id: ObjectId; derived_from: ObjectId | null; added_at: Date };
const PROJ = { projection: { _id: 1, derived_from: 1, added_at: 1 } };

function latestPerParent(cands: Keys[]): Map<string, Keys> {
  const best = new Map<string, Keys>();
  for (const c of cands) {
    const p = c.derived_from!.toHexString();
    const cur = best.get(p);
    if (
      !cur ||
      c.added_at > cur.added_at ||
      (+c.added_at === +cur.added_at && c._id.toHexString() > cur._id.toHexString())
    ) {
      best.set(p, c);
    }
  }
  return best;
}

/** [BASE, LBL(latest), BOX(latest | missing)], optionally only the first `baseLimit` base rows. */
export async function floorMongo(
  col: Collection<Document>,
  base: Document,
  labelFilter: Document,
  boxFilter: Document,
  boxMissing: boolean,
  baseLimit?: number,
  onBase?: (ids: string[]) => void,
): Promise<Row[]> {
  const images = (await col
    .find(base, { ...PROJ, sort: { added_at: -1, _id: -1 }, limit: baseLimit ?? 0 })
    .toArray()) as unknown as Keys[];
  onBase?.(images.map((i) => i._id.toHexString()));
  const labels = latestPerParent(
    (await col
      .find({ ...labelFilter, derived_from: { $in: images.map((i) => i._id) } }, PROJ)
      .toArray()) as unknown as Keys[],
  );
  const labelIds = [...labels.values()].map((l) => l._id);
  const boxCands = (await col
    .find({ ...boxFilter, derived_from: { $in: labelIds } }, PROJ)
    .toArray()) as unknown as Keys[];
  const boxes = latestPerParent(boxCands);
  const rows: Row[] = [];
  for (const img of images) {
    const label = labels.get(img._id.toHexString());
    if (!label) continue;
    const box = boxes.get(label._id.toHexString());
    if (boxMissing) {
      if (!box) rows.push({ image_id: img._id.toHexString(), label_id: label._id.toHexString() });
    } else if (box) {
      rows.push({
        image_id: img._id.toHexString(),
        label_id: label._id.toHexString(),
        bbox_id: box._id.toHexString(),
      });
    }
  }
  return rows;
}

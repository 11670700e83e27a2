/**
 * The floor on the embedded store: one SQL statement per level against the store's own table and
 * indexes (GIN containment for the filters, the derived_from index for the `$in`), picking in memory.
 * It reaches into the store's PGlite handle, which only the benchmark does.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Row } from '#shared/query/types';
import type { Store } from '../src/main/engine/stores/store';
import { PROJECT } from './dataset';
import type { Floor } from './floors';

type KeyRow = { id: string; derived_from: string | null; added_at: number | string };

function latestPerParent(rows: KeyRow[]): Map<string, KeyRow> {
  const best = new Map<string, KeyRow>();
  for (const r of rows) {
    const cur = best.get(r.derived_from!);
    if (
      !cur ||
      Number(r.added_at) > Number(cur.added_at) ||
      (Number(r.added_at) === Number(cur.added_at) && r.id > cur.id)
    ) {
      best.set(r.derived_from!, r);
    }
  }
  return best;
}

export function embeddedFloor(store: Store): Floor {
  const db = (store as unknown as { db: PGlite }).db;
  let order: string[] = [];
  const keys = 'SELECT id, derived_from, added_at FROM datum';
  return {
    async run(boxMissing, baseLimit) {
      const base = await db.query<KeyRow>(
        `${keys} WHERE body @> $1::jsonb ORDER BY added_at DESC, id DESC${baseLimit ? ` LIMIT ${baseLimit}` : ''}`,
        [JSON.stringify({ metadata: { project: PROJECT }, data: { type: 'image' } })],
      );
      if (baseLimit === undefined) order = base.rows.map((r) => r.id);
      const level = (parents: string[], type: string) =>
        db.query<KeyRow>(`${keys} WHERE derived_from = ANY($1::text[]) AND body @> $2::jsonb`, [
          parents,
          JSON.stringify({ data: { type } }),
        ]);
      const labels = latestPerParent(
        (
          await level(
            base.rows.map((r) => r.id),
            'classification',
          )
        ).rows,
      );
      const boxes = latestPerParent(
        (
          await level(
            [...labels.values()].map((l) => l.id),
            'bbox',
          )
        ).rows,
      );
      const rows: Row[] = [];
      for (const img of base.rows) {
        const label = labels.get(img.id);
        if (!label) continue;
        const box = boxes.get(label.id);
        if (boxMissing) {
          if (!box) rows.push({ image_id: img.id, label_id: label.id });
        } else if (box) {
          rows.push({ image_id: img.id, label_id: label.id, bbox_id: box.id });
        }
      }
      return rows;
    },
    baseOrder: () => order,
  };
}

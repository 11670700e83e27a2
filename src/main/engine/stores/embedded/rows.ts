/**
 * The rows of the embedded store's `datum` table: how a document becomes one (its key fields checked, so
 * the key columns stay exact) and how pages continue after a row in each order.
 */
import type { ObjectId } from 'bson';
import { InvalidInputError } from '#shared/errors';
import type { DatumDocument } from '../../types';
import type { FindSpec } from '../store';
import { type EncodeFlags, encodeValue, recordArrayPaths } from './codec';

export interface Row {
  seq: number;
  id: string;
  derived_from: string | null;
  added_at: number;
  doc?: unknown;
}

export const hex = (id: ObjectId): string => id.toHexString();

const tagOf = (v: unknown) =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;

/** One row of the INSERT's JSON array; the key fields are checked so the key columns stay exact. */
export function encodeRow(doc: DatumDocument, flags: EncodeFlags): string {
  const id = doc._id;
  if (tagOf(id) !== 'ObjectId') throw new InvalidInputError(`_id must be an ObjectId, got ${String(id)}`);
  const parent = doc.derived_from;
  if (parent !== null && parent !== undefined && tagOf(parent) !== 'ObjectId') {
    throw new InvalidInputError(`derived_from must be an ObjectId or null, got ${String(parent)}`, {
      id: hex(id),
    });
  }
  const added = doc.added_at;
  if (!(added instanceof Date) || Number.isNaN(added.getTime())) {
    throw new InvalidInputError(`added_at must be a valid Date, got ${String(added)}`, { id: hex(id) });
  }
  const encoded = encodeValue(doc, flags);
  recordArrayPaths(encoded, flags);
  return JSON.stringify({ i: hex(id), p: parent ? hex(parent) : null, t: added.getTime(), d: encoded });
}

/** The keyset condition for the rows after `last` in `sort` order, its values appended to `params`. */
export function keysetAfter(last: Row | null, sort: FindSpec['sort'], params: unknown[], plus = ''): string {
  if (!last) return '';
  const p = (v: unknown, cast: string) => `$${params.push(v)}${cast}`;
  const at = `added_at${plus}`;
  if (sort === 'latest')
    return ` AND (${at}, id) < (${p(last.added_at, '::bigint')}, ${p(last.id, '::text')})`;
  if (sort === 'earliest')
    return ` AND (${at}, id) > (${p(last.added_at, '::bigint')}, ${p(last.id, '::text')})`;
  return ` AND seq${plus} > ${p(last.seq, '::bigint')}`;
}

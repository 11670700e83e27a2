/**
 * Lineage reads for the inspector and the derivation graph, batched so a view costs a few round trips
 * whatever its size: ancestors one round trip per level (for many datums at once), children of many
 * parents counted per `data.type` in one, the children of chosen (parent, type) groups in one, and pages of
 * one parent's children of one type (a cluster) with a search.
 */
import { KEY_FIELDS } from '#shared/datum-key';
import { InvalidInputError } from '#shared/errors';
import { ObjectId } from './bson';
import { isDatumId } from './ids';
import type { Filter, Store } from './stores/store';
import type { Datum, DatumDocument } from './types';

export interface LineageContext {
  store: Store;
  toDatum(doc: DatumDocument): Datum;
}

export interface Ancestry {
  /** Every datum asked about and every ancestor, each once: the asked ones first, then level by level. */
  datums: Datum[];
  /** `derived_from` values that name no datum, with the datums that point to them. */
  dangling: Array<{ id: string; children: string[] }>;
  /** Asked-about ids that name no datum. */
  unknown: string[];
  /** Store round trips made (one per level). */
  roundTrips: number;
}

/** A (parent, data.type) group of children; `type` null holds every child without a string type. */
export interface ChildTypeGroup {
  parent: string;
  type: string | null;
  count: number;
}

export interface ChildPageOptions {
  /** Matches the id (a hex fragment, or the whole id) or a key field (`data.label`, `data.filename`, ...). */
  search?: string;
  /** The `next` of the previous page. */
  after?: string | null;
  limit?: number;
}

export interface ChildPage {
  datums: Datum[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

const ID_BATCH = 1000;
const MAX_PAGE = 500;
/** Ids a hex fragment may match inside one cluster before the search asks for more characters. */
const MAX_ID_MATCHES = 5000;

const hex = (id: string) => id.toLowerCase();
const oid = (id: string) => ObjectId.createFromHexString(hex(id));

function checkIds(ids: string[], what: string): void {
  const bad = ids.filter((id) => !isDatumId(id));
  if (bad.length > 0) throw new InvalidInputError(`${what}: not datum ids: ${bad.join(', ')}`, { ids: bad });
}

async function findByIds(ctx: LineageContext, ids: string[]): Promise<DatumDocument[]> {
  const out: DatumDocument[] = [];
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const idIn = ids.slice(i, i + ID_BATCH).map(oid);
    for await (const batch of ctx.store.findDocuments({ filter: {}, idIn, batchSize: ID_BATCH }))
      out.push(...batch);
  }
  return out;
}

/** The datums and all their ancestors up to the roots: one lookup per level over every chain at once. */
export async function ancestors(ctx: LineageContext, ids: string[]): Promise<Ancestry> {
  checkIds(ids, 'ancestors');
  const seen = new Set<string>();
  const datums: Datum[] = [];
  const dangling = new Map<string, string[]>();
  const unknown: string[] = [];
  let frontier = [...new Set(ids.map(hex))];
  const pointedBy = new Map<string, string[]>();
  let roundTrips = 0;
  let first = true;
  while (frontier.length > 0) {
    const docs = await findByIds(ctx, frontier);
    roundTrips++;
    const found = new Map(docs.map((d) => [d._id.toHexString(), d]));
    const next: string[] = [];
    for (const id of frontier) seen.add(id);
    for (const id of frontier) {
      const doc = found.get(id);
      if (!doc) {
        if (first) unknown.push(id);
        else dangling.set(id, pointedBy.get(id) ?? []);
        continue;
      }
      datums.push(ctx.toDatum(doc));
      const parent = doc.derived_from?.toHexString();
      if (!parent) continue;
      pointedBy.set(parent, [...(pointedBy.get(parent) ?? []), id]);
      // Cycle-safe: an id already read (or queued) is not read again.
      if (!seen.has(parent) && !next.includes(parent)) next.push(parent);
    }
    frontier = next;
    first = false;
  }
  return { datums, dangling: [...dangling].map(([id, children]) => ({ id, children })), unknown, roundTrips };
}

/** The children of many parents counted per parent and per `data.type`, in one round trip. */
export async function childTypeGroups(ctx: LineageContext, parentIds: string[]): Promise<ChildTypeGroup[]> {
  checkIds(parentIds, 'children');
  const parents = [...new Set(parentIds.map(hex))];
  if (parents.length === 0) return [];
  const raw = await ctx.store.countChildrenBy(parents, 'data.type');
  const merged = new Map<string, ChildTypeGroup>();
  for (const g of raw) {
    const type = typeof g.value === 'string' ? g.value : null;
    const key = `${g.parent}\u0000${type ?? '\u0001'}`;
    const at = merged.get(key);
    if (at) at.count += g.count;
    else merged.set(key, { parent: g.parent, type, count: g.count });
  }
  const order = new Map(parents.map((p, i) => [p, i]));
  return [...merged.values()].sort(
    (a, b) =>
      order.get(a.parent)! - order.get(b.parent)! ||
      b.count - a.count ||
      String(a.type ?? '\uffff').localeCompare(String(b.type ?? '\uffff')),
  );
}

/** The filter for one `data.type` group (null: no string type, as `childTypeGroups` groups them). */
export function typeFilter(type: string | null): Filter {
  return type === null ? { 'data.type': { $not: { $type: 'string' } } } : { 'data.type': type };
}

/** Every child of the given (parent, type) groups, oldest first, in one round trip. */
export async function childrenOfGroups(
  ctx: LineageContext,
  groups: Array<{ parent: string; type: string | null }>,
): Promise<Datum[]> {
  if (groups.length === 0) return [];
  checkIds(
    groups.map((g) => g.parent),
    'children',
  );
  const parentIn = [...new Set(groups.map((g) => hex(g.parent)))];
  const filter: Filter = {
    $or: groups.map((g) => ({ derived_from: oid(g.parent), ...typeFilter(g.type) })),
  };
  const out: Datum[] = [];
  for await (const batch of ctx.store.findDocuments({
    filter,
    parentIn,
    sort: 'earliest',
    batchSize: 2000,
  })) {
    for (const doc of batch) out.push(ctx.toDatum(doc));
  }
  return out;
}

/** One page of a parent's children of one type (oldest first), optionally searched. */
export async function childPage(
  ctx: LineageContext,
  parent: string,
  type: string | null,
  options: ChildPageOptions = {},
): Promise<ChildPage> {
  checkIds([parent], 'children');
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(options.limit ?? 50)));
  const and: Filter[] = [typeFilter(type)];
  const search = options.search?.trim() ?? '';
  if (search) and.push(await searchFilter(ctx, parent, type, search));
  if (options.after) and.push(afterFilter(options.after));
  const filter: Filter = and.length === 1 ? and[0] : { $and: and };
  const docs: DatumDocument[] = [];
  for await (const batch of ctx.store.findDocuments({
    filter,
    parentIn: [hex(parent)],
    sort: 'earliest',
    limit: limit + 1,
    batchSize: limit + 1,
  })) {
    docs.push(...batch);
  }
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    datums: page.map((d) => ctx.toDatum(d)),
    next: docs.length > limit && last ? `${last.added_at.getTime()}-${last._id.toHexString()}` : null,
  };
}

function afterFilter(after: string): Filter {
  const m = /^(-?\d+)-([0-9a-f]{24})$/i.exec(after);
  if (!m) throw new InvalidInputError(`Not a page position: ${JSON.stringify(after)}`, { after });
  const at = new Date(Number(m[1]));
  const id = oid(m[2]);
  return { $or: [{ added_at: { $gt: at } }, { added_at: at, _id: { $gt: id } }] };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A key field containing the text (any case), or an id containing it when it looks like hex. */
async function searchFilter(
  ctx: LineageContext,
  parent: string,
  type: string | null,
  text: string,
): Promise<Filter> {
  const pattern = escapeRegex(text);
  const or: Filter[] = KEY_FIELDS.map((f) => ({ [`data.${f}`]: { $regex: pattern, $options: 'i' } }));
  if (/^[0-9a-f]{24}$/i.test(text)) {
    or.push({ _id: oid(text) });
  } else if (/^[0-9a-f]{2,23}$/i.test(text)) {
    // Ids are ObjectIds, which filters cannot search as text: read the cluster's keys and match them here.
    const fragment = text.toLowerCase();
    const ids: ObjectId[] = [];
    for await (const batch of ctx.store.findKeys({ filter: typeFilter(type), parentIn: [hex(parent)] })) {
      for (const k of batch) if (k.id.includes(fragment) && ids.length < MAX_ID_MATCHES) ids.push(oid(k.id));
    }
    if (ids.length > 0) or.push({ _id: { $in: ids } });
  }
  return { $or: or };
}

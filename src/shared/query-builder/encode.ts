/**
 * Cards → query JSON, the exact inverse of `decode.ts`: `queryToCards(cardsToQuery(cards))` gives the
 * same cards. A filter is written the way people write MongoDB filters (`{"data.size": {"$gt": 1,
 * "$lt": 5}}`, `{"$or": [...]}`), and falls back to `{"$and": [...]}` only where a plain object cannot
 * say it (two `$or` groups, the same field twice, a field named like a reserved key). Every candidate is
 * checked by decoding it back, so the fallback is taken whenever the short form would be read otherwise.
 */
import { decodeElement, decodeFilter, type NodePaths, queryToCards } from './decode';
import type { Condition, ConditionNode, JsonObject, JsonValue, QueryCards, StageCard } from './model';
import { objectFromEntries, walkNodes } from './model';
import { listToJson, scalarToJson } from './values';

/** Candidates are decoded only to compare them: no ids needed. */
const NO_IDS = { nextId: () => '' };

/** The query list of spec §3 that the cards show. */
export function cardsToQuery(cards: QueryCards): JsonObject[] {
  return cards.stages.map(encodeStage);
}

/** The query list and, for each card and node id, where it sits in it (for placing validation errors). */
export function encodeCards(cards: QueryCards): { query: JsonObject[]; paths: NodePaths } {
  const query = cardsToQuery(cards);
  // Decoding the output with the cards' own ids (pre-order) maps every id to its place in the output.
  const ids = cards.stages.flatMap((s) => [s.id, ...[...walkNodes(s.conditions)].map((n) => n.id)]);
  let next = 0;
  const decoded = queryToCards(query, { nextId: () => ids[next++] ?? `extra${next}` });
  if (!decoded.ok) throw new Error(`encoded cards did not decode: ${decoded.error}`);
  return { query, paths: decoded.paths };
}

function encodeStage(stage: StageCard): JsonObject {
  const reserved: Array<[string, JsonValue]> = [];
  if (stage.column !== undefined) reserved.push(['column', stage.column]);
  if (stage.derivedFrom !== undefined) reserved.push(['derived_from', stage.derivedFrom]);
  if (stage.strategy !== undefined) reserved.push(['strategy', stage.strategy]);
  const body = encodeBody(stage.conditions, new Set(['column', 'strategy', 'derived_from']));
  return objectFromEntries([...reserved, ...Object.entries(body)]);
}

/** The filter object of nodes ANDed together. `taken` keys may not appear in it. */
export function encodeBody(
  nodes: readonly ConditionNode[],
  taken: ReadonlySet<string> = new Set(),
): JsonObject {
  const short = mergeEntries(nodes, taken);
  if (short && sameNodes(decodeFilter(short, NO_IDS), nodes)) return short;
  return objectFromEntries([['$and', nodes.map(encodeElement)]]);
}

/** One node as one element of a `$and`/`$or`/`$nor` list. */
export function encodeElement(node: ConditionNode): JsonObject {
  switch (node.kind) {
    case 'condition':
      return objectFromEntries([[node.path, conditionExpression(node)]]);
    case 'raw':
      return objectFromEntries([[node.key, node.value]]);
    case 'group': {
      if (node.combinator !== 'and') {
        return objectFromEntries([[`$${node.combinator}`, node.children.map(encodeElement)]]);
      }
      if (node.children.length !== 1) {
        const short = mergeEntries(node.children, new Set());
        if (short && sameNodes([decodeElement(short, NO_IDS)], [node])) return short;
      }
      return objectFromEntries([['$and', node.children.map(encodeElement)]]);
    }
  }
}

/** What a condition writes under its field's key. */
export function conditionExpression(c: Condition): JsonValue {
  const v = c.value;
  const single = (): JsonValue =>
    v.kind === 'list'
      ? listToJson(v)
      : v.kind === 'regex'
        ? v.pattern
        : v.kind === 'dateRange'
          ? { $date: v.from }
          : scalarToJson(v);
  const list = (): JsonValue =>
    v.kind === 'list'
      ? listToJson(v)
      : v.kind === 'dateRange'
        ? [{ $date: v.from }, { $date: v.to }]
        : [single()];
  switch (c.operator) {
    case 'eq':
      return single();
    case 'ne':
      return { $ne: single() };
    case 'lt':
      return { $lt: single() };
    case 'lte':
      return { $lte: single() };
    case 'gt':
      return { $gt: single() };
    case 'gte':
      return { $gte: single() };
    case 'in':
      return { $in: list() };
    case 'nin':
      return { $nin: list() };
    case 'exists':
      return { $exists: v.kind === 'boolean' ? v.value : true };
    case 'size':
      return { $size: v.kind === 'number' ? v.value : 0 };
    case 'regex':
      if (v.kind !== 'regex') return { $regex: typeof single() === 'string' ? (single() as string) : '' };
      return v.flags === '' ? { $regex: v.pattern } : { $regex: v.pattern, $options: v.flags };
    case 'between':
      if (v.kind !== 'dateRange') return { $gte: single(), $lte: single() };
      return { $gte: { $date: v.from }, $lte: { $date: v.to } };
  }
}

/**
 * The nodes as the entries of one object, or null when two would need the same key. Conditions on the
 * same field that follow each other share its operator object when their operators differ.
 */
function mergeEntries(nodes: readonly ConditionNode[], taken: ReadonlySet<string>): JsonObject | null {
  const entries: Array<[string, JsonValue]> = [];
  let lastMergeable = false;
  for (const node of nodes) {
    let key: string;
    let value: JsonValue;
    let mergeable = false;
    if (node.kind === 'condition') {
      key = node.path;
      value = conditionExpression(node);
      mergeable = node.operator !== 'eq';
    } else if (node.kind === 'raw') {
      key = node.key;
      value = node.value;
    } else if (node.combinator === 'and') {
      key = '$and';
      value = [encodeElement(node)];
    } else {
      key = `$${node.combinator}`;
      value = node.children.map(encodeElement);
    }
    const last = entries[entries.length - 1];
    if (mergeable && lastMergeable && last[0] === key) {
      const ops = last[1] as JsonObject;
      const more = value as JsonObject;
      if (Object.keys(more).some((k) => Object.hasOwn(ops, k))) return null;
      last[1] = objectFromEntries([...Object.entries(ops), ...Object.entries(more)]);
      continue;
    }
    if (taken.has(key) || entries.some(([k]) => k === key)) return null;
    entries.push([key, value]);
    lastMergeable = mergeable;
  }
  return objectFromEntries(entries);
}

function sameNodes(a: readonly ConditionNode[], b: readonly ConditionNode[]): boolean {
  const strip = (n: ConditionNode): unknown => {
    const { id: _id, ...rest } = n;
    return n.kind === 'group' ? { ...rest, children: n.children.map(strip) } : rest;
  };
  return JSON.stringify(a.map(strip)) === JSON.stringify(b.map(strip));
}

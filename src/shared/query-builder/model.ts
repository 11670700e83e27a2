/**
 * The query builder's card model: what the stage cards show, as plain data. A query (spec §3) becomes a
 * list of stage cards; each card holds its reserved keys and a list of condition nodes that together
 * (AND) make its filter. `encode.ts` and `decode.ts` convert between the two without loss; whatever the
 * cards cannot show as a condition is kept, verbatim, as a raw JSON condition.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Keys of objects and indices of arrays, from some root. */
export type JsonPath = Array<string | number>;

export type ScalarValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** An instant as Extended JSON writes it (`{"$date": iso}`), kept as written. */
  | { kind: 'date'; iso: string }
  | { kind: 'objectId'; hex: string }
  | { kind: 'null' };

export type ScalarKind = ScalarValue['kind'];

export interface ListValue {
  kind: 'list';
  items: ScalarValue[];
}

export interface RegexValue {
  kind: 'regex';
  pattern: string;
  /** MongoDB `$options` letters (i, m, s, x); empty for none. */
  flags: string;
}

/** Both ends included: `{$gte: from, $lte: to}` on dates. */
export interface DateRangeValue {
  kind: 'dateRange';
  from: string;
  to: string;
}

export type ConditionValue = ScalarValue | ListValue | RegexValue | DateRangeValue;

export const OPERATOR_IDS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'nin',
  'exists',
  'regex',
  'size',
  'between',
] as const;
export type OperatorId = (typeof OPERATOR_IDS)[number];

/** One field test: `path` (dotted, never starting with `$`), an operator and a value of the shape it needs. */
export interface Condition {
  kind: 'condition';
  id: string;
  path: string;
  operator: OperatorId;
  value: ConditionValue;
}

export type Combinator = 'and' | 'or' | 'nor';

export interface ConditionGroup {
  kind: 'group';
  id: string;
  combinator: Combinator;
  children: ConditionNode[];
}

/** One key of a filter object and its value, kept exactly as written because no condition can show it. */
export interface RawCondition {
  kind: 'raw';
  id: string;
  key: string;
  value: JsonValue;
}

export type ConditionNode = Condition | ConditionGroup | RawCondition;

/**
 * One query object. The reserved keys hold whatever the JSON held (normally strings; `undefined` when the
 * key is absent), so an invalid query pasted as JSON shows as it is, with the validator's errors.
 */
export interface StageCard {
  id: string;
  column: JsonValue | undefined;
  strategy: JsonValue | undefined;
  derivedFrom: JsonValue | undefined;
  /** ANDed together: the stage's filter. */
  conditions: ConditionNode[];
}

export interface QueryCards {
  stages: StageCard[];
}

let lastId = 0;

/** A fresh id for a card or node (unique within this page; never written to the JSON). */
export function newId(): string {
  lastId += 1;
  return `n${lastId}`;
}

/** The cards without their ids, for comparing what two card lists mean. */
export function withoutIds(cards: QueryCards): unknown {
  const strip = (node: ConditionNode): unknown => {
    const { id: _id, ...rest } = node;
    return node.kind === 'group' ? { ...rest, children: node.children.map(strip) } : rest;
  };
  return cards.stages.map(({ id: _id, conditions, ...rest }) => ({
    ...rest,
    conditions: conditions.map(strip),
  }));
}

/** Same cards apart from ids (key order of raw values counts: it can matter to MongoDB). */
export function sameCards(a: QueryCards, b: QueryCards): boolean {
  return JSON.stringify(withoutIds(a)) === JSON.stringify(withoutIds(b));
}

/** Every node of a stage in pre-order (a group before its children). */
export function* walkNodes(nodes: readonly ConditionNode[]): Generator<ConditionNode> {
  for (const node of nodes) {
    yield node;
    if (node.kind === 'group') yield* walkNodes(node.children);
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object built key by key without the `__proto__` setter (a filter may hold any key). */
export function objectFromEntries(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Query JSON → cards. Every key of a filter becomes condition nodes where a condition can say exactly
 * what it says, and a raw JSON condition otherwise, so nothing is lost:
 * - `field: value` (a string, number, boolean, null, date, ObjectId, or a list of those) → `field = value`;
 * - `field: {$op: arg, …}` → one condition per operator (`$gte`+`$lte` on two dates → `between`;
 *   `$regex` with its `$options` → one regex condition), or one raw condition when any operator is not
 *   one the cards show;
 * - `$or`/`$nor` → a group; `$and` inside a filter → its elements, in place (AND within AND);
 * - an element of a `$and`/`$or`/`$nor` list is one node: a one-key object is that key's node, an
 *   object with several keys (or a field with several operators) an AND group, `{"$and": [...]}` an
 *   explicit AND group.
 * `encode.ts` writes exactly this grammar back, so the two are inverse.
 */
import type {
  Condition,
  ConditionNode,
  ConditionValue,
  JsonObject,
  JsonPath,
  JsonValue,
  OperatorId,
  QueryCards,
  StageCard,
} from './model';
import { isPlainObject, newId } from './model';
import { listFromJson, scalarFromJson } from './values';

/** Where each node (by id) sits in the query JSON: its stage and the path inside that stage object. */
export type NodePaths = Map<string, { stage: number; path: JsonPath }>;

export type DecodeResult =
  | {
      ok: true;
      cards: QueryCards;
      paths: NodePaths /** The JSON was one query object, not a list. */;
      single: boolean;
    }
  | { ok: false; error: string /** Where in the JSON the problem is. */; path: JsonPath };

export interface DecodeOptions {
  /** Ids for the stages and nodes in pre-order (a stage, then its nodes, a group before its children). */
  nextId?: () => string;
}

interface Ctx {
  nextId: () => string;
  paths: NodePaths;
  stage: number;
}

type Thunk = () => ConditionNode;

const RESERVED = new Set(['column', 'strategy', 'derived_from']);

/** Cards for any JSON that is a query object or a list of them; anything else says why it cannot be shown. */
export function queryToCards(json: unknown, options: DecodeOptions = {}): DecodeResult {
  const nextId = options.nextId ?? newId;
  const paths: NodePaths = new Map();
  const single = isPlainObject(json);
  if (!single && !Array.isArray(json)) {
    return {
      ok: false,
      error: 'The query must be a list of query objects, e.g. [{"column": "image_id"}]',
      path: [],
    };
  }
  const list = single ? [json] : (json as unknown[]);
  const stages: StageCard[] = [];
  for (const [index, q] of list.entries()) {
    if (!isPlainObject(q)) {
      return {
        ok: false,
        error: `Query ${index} must be an object, got ${JSON.stringify(q)}`,
        path: single ? [] : [index],
      };
    }
    stages.push(decodeStage(q as JsonObject, { nextId, paths, stage: index }));
  }
  return { ok: true, cards: { stages }, paths, single };
}

function decodeStage(q: JsonObject, ctx: Ctx): StageCard {
  const id = ctx.nextId();
  ctx.paths.set(id, { stage: ctx.stage, path: [] });
  const own = (key: string) => (Object.hasOwn(q, key) ? q[key] : undefined);
  const filter = Object.entries(q).filter(([key]) => !RESERVED.has(key));
  const conditions = planBody(filter, [], ctx).map((thunk) => thunk());
  return {
    id,
    column: own('column'),
    strategy: own('strategy'),
    derivedFrom: own('derived_from'),
    conditions,
  };
}

/** The nodes one filter object holds (see the grammar above), as a filter fragment the user typed. */
export function decodeFilter(filter: JsonObject, options: DecodeOptions = {}): ConditionNode[] {
  const ctx = { nextId: options.nextId ?? newId, paths: new Map(), stage: 0 };
  return planBody(Object.entries(filter), [], ctx).map((thunk) => thunk());
}

/** One filter object element of a `$and`/`$or`/`$nor` list as a single node. */
export function decodeElement(element: JsonObject, options: DecodeOptions = {}): ConditionNode {
  const ctx = { nextId: options.nextId ?? newId, paths: new Map(), stage: 0 };
  return elementThunk(element, [], ctx)();
}

const isObjectList = (v: JsonValue): v is JsonObject[] => Array.isArray(v) && v.every(isPlainObject);

/**
 * The nodes of a filter object, not yet built: the caller first learns how many there are (one node or
 * an AND group?) and then builds them, so ids are taken in pre-order.
 */
function planBody(entries: Array<[string, JsonValue]>, at: JsonPath, ctx: Ctx): Thunk[] {
  const plan: Thunk[] = [];
  for (const [key, value] of entries) {
    const here = [...at, key];
    if (key === '$and' && isObjectList(value) && value.length > 0) {
      value.forEach((element, i) => {
        plan.push(elementThunk(element, [...here, i], ctx));
      });
    } else if ((key === '$or' || key === '$nor') && isObjectList(value)) {
      plan.push(() => {
        const id = ctx.nextId();
        ctx.paths.set(id, { stage: ctx.stage, path: here });
        const children = value.map((element, i) => elementThunk(element, [...here, i], ctx)());
        return { kind: 'group', id, combinator: key === '$or' ? 'or' : 'nor', children };
      });
    } else if (key.startsWith('$')) {
      plan.push(rawThunk(key, value, here, ctx));
    } else {
      plan.push(...planField(key, value, here, ctx));
    }
  }
  return plan;
}

function elementThunk(element: JsonObject, at: JsonPath, ctx: Ctx): Thunk {
  const keys = Object.keys(element);
  const explicit =
    keys.length === 1 && keys[0] === '$and' && isObjectList(element.$and) && element.$and.length > 0;
  const plan = explicit
    ? (element.$and as JsonObject[]).map((child, i) => elementThunk(child, [...at, '$and', i], ctx))
    : planBody(Object.entries(element), at, ctx);
  if (!explicit && plan.length === 1) return plan[0];
  return () => {
    const id = ctx.nextId();
    ctx.paths.set(id, { stage: ctx.stage, path: at });
    return { kind: 'group', id, combinator: 'and', children: plan.map((thunk) => thunk()) };
  };
}

function rawThunk(key: string, value: JsonValue, at: JsonPath, ctx: Ctx): Thunk {
  return () => {
    const id = ctx.nextId();
    ctx.paths.set(id, { stage: ctx.stage, path: at });
    return { kind: 'raw', id, key, value };
  };
}

function conditionThunk(
  path: string,
  operator: OperatorId,
  value: ConditionValue,
  at: JsonPath,
  ctx: Ctx,
): Thunk {
  return (): Condition => {
    const id = ctx.nextId();
    ctx.paths.set(id, { stage: ctx.stage, path: at });
    return { kind: 'condition', id, path, operator, value };
  };
}

function planField(field: string, value: JsonValue, at: JsonPath, ctx: Ctx): Thunk[] {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$')) && scalarFromJson(value) === null) {
      return planOperators(field, value, at, ctx) ?? [rawThunk(field, value, at, ctx)];
    }
  }
  const literal = scalarFromJson(value) ?? listFromJson(value);
  return [literal ? conditionThunk(field, 'eq', literal, at, ctx) : rawThunk(field, value, at, ctx)];
}

const COMPARISONS: Record<string, OperatorId> = { $lt: 'lt', $lte: 'lte', $gt: 'gt', $gte: 'gte' };

/** One condition per operator, or null when any operator (or its argument) is not one the cards show. */
function planOperators(field: string, ops: JsonObject, at: JsonPath, ctx: Ctx): Thunk[] | null {
  const keys = Object.keys(ops);
  if (keys.length === 2 && keys[0] === '$gte' && keys[1] === '$lte') {
    const from = scalarFromJson(ops.$gte);
    const to = scalarFromJson(ops.$lte);
    if (from?.kind === 'date' && to?.kind === 'date') {
      return [conditionThunk(field, 'between', { kind: 'dateRange', from: from.iso, to: to.iso }, at, ctx)];
    }
  }
  const plan: Thunk[] = [];
  for (const key of keys) {
    const arg = ops[key];
    const here = [...at, key];
    if (key === '$eq' || key === '$ne') {
      const v = scalarFromJson(arg) ?? listFromJson(arg);
      if (!v) return null;
      plan.push(conditionThunk(field, key === '$eq' ? 'eq' : 'ne', v, here, ctx));
    } else if (key in COMPARISONS) {
      const v = scalarFromJson(arg);
      if (!v) return null;
      plan.push(conditionThunk(field, COMPARISONS[key], v, here, ctx));
    } else if (key === '$in' || key === '$nin') {
      const v = listFromJson(arg);
      if (!v) return null;
      plan.push(conditionThunk(field, key === '$in' ? 'in' : 'nin', v, here, ctx));
    } else if (key === '$exists') {
      if (typeof arg !== 'boolean') return null;
      plan.push(conditionThunk(field, 'exists', { kind: 'boolean', value: arg }, here, ctx));
    } else if (key === '$size') {
      if (!(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) return null;
      plan.push(conditionThunk(field, 'size', { kind: 'number', value: arg }, here, ctx));
    } else if (key === '$regex') {
      const options = Object.hasOwn(ops, '$options') ? ops.$options : '';
      if (typeof arg !== 'string' || typeof options !== 'string') return null;
      plan.push(conditionThunk(field, 'regex', { kind: 'regex', pattern: arg, flags: options }, here, ctx));
    } else if (key === '$options') {
      if (!Object.hasOwn(ops, '$regex')) return null;
    } else {
      return null;
    }
  }
  return plan;
}

/**
 * Validates a query (spec §3) before any store is touched, and splits each query object into its
 * reserved keys and its filter. Pure: the renderer runs the same checks live in the query builder.
 *
 * Every QueryValidationError says where it is: `details.index` is the stage (the position in the query
 * list) and `details.path` the JSON path of the offending key inside that stage object (`[]` for the stage
 * itself), e.g. `["$or", 1, "data.size", "$in"]`. Option errors carry `details.option` instead.
 */
import { QueryValidationError } from '../errors';
import {
  CODE_OPERATORS,
  FIELD_OPERATORS,
  isEjsonWrapper,
  TOP_LEVEL_OPERATORS,
  UNSUPPORTED_OPERATORS,
} from './operators';
import { type QueryInput, type QueryOptions, STRATEGIES, type Stage, type Strategy } from './types';

/** A path inside a stage object: keys of objects, indices of arrays. */
export type QueryPath = Array<string | number>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

function fail(message: string, details: Record<string, unknown> = {}): never {
  throw new QueryValidationError(message, details);
}

function showValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Where the checks of one filter are: the message's `where` text, the stage index, the path so far. */
interface Place {
  where: string;
  index?: number;
  path: QueryPath;
}

const at = (place: Place, ...keys: QueryPath): Record<string, unknown> => ({
  ...(place.index === undefined ? {} : { index: place.index }),
  path: [...place.path, ...keys],
});

const inside = (place: Place, ...keys: QueryPath): Place => ({ ...place, path: [...place.path, ...keys] });

/** Validates the whole query and returns its stages in order. An empty list gives no stages. */
export function validateQuery(query: QueryInput, options: QueryOptions = {}): Stage[] {
  validateOptions(options);
  const list = Array.isArray(query) ? query : [query];
  const stages: Stage[] = [];
  const referencable = new Set<string>();
  const seen = new Set<string>();
  list.forEach((q, index) => {
    const stage = validateStage(q, index, referencable);
    if (seen.has(stage.column))
      fail(`Duplicate column name: ${stage.column}`, { index, column: stage.column, path: ['column'] });
    seen.add(stage.column);
    if (stage.strategy !== 'missing') referencable.add(stage.column);
    stages.push(stage);
  });
  return stages;
}

/**
 * Every problem of a query instead of the first: the option errors, then for each stage its first
 * structural error and the first error of each top-level filter key (and of each element of a top-level
 * `$and`/`$or`/`$nor`). The first issue is the error `validateQuery` throws. For live feedback in the
 * query builder, which shows each error at its card and condition.
 */
export function validateQueryIssues(query: QueryInput, options: QueryOptions = {}): QueryValidationError[] {
  const issues: QueryValidationError[] = [];
  const collect = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (err) {
      if (!(err instanceof QueryValidationError)) throw err;
      issues.push(err);
      return false;
    }
  };
  collect(() => validateOptions(options));
  const list = Array.isArray(query) ? query : [query];
  const referencable = new Set<string>();
  const seen = new Set<string>();
  list.forEach((q, index) => {
    let stage: Stage | undefined;
    const ok = collect(() => {
      stage = validateStage(q, index, referencable, { filter: false });
    });
    if (!isPlainObject(q)) return;
    const { column: _c, strategy: _s, derived_from: _d, ...filter } = q;
    collectFilterIssues(filter, { where: `query ${index}`, index, path: [] }, collect);
    // A stage with a bad strategy, reference or filter still names its column for the stages after it.
    const column = stage?.column ?? (typeof q.column === 'string' ? q.column : null);
    if (column !== null && column !== '') {
      if (ok && seen.has(column)) {
        collect(() => fail(`Duplicate column name: ${column}`, { index, column, path: ['column'] }));
      }
      seen.add(column);
      if (q.strategy !== 'missing') referencable.add(column);
    }
  });
  return issues;
}

function collectFilterIssues(
  filter: Record<string, unknown>,
  place: Place,
  collect: (fn: () => void) => boolean,
): void {
  for (const [key, value] of Object.entries(filter)) {
    const logical = key === '$and' || key === '$or' || key === '$nor';
    if (logical && Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
      value.forEach((sub, i) => {
        collectFilterIssues(sub, inside(place, key, i), collect);
      });
    } else {
      collect(() => validateFilterAt({ [key]: value }, place));
    }
  }
}

export function validateOptions(options: QueryOptions): void {
  const n = options.datumsWanted;
  if (n !== undefined && n !== null && !(typeof n === 'number' && Number.isInteger(n) && n > 0)) {
    fail(`datumsWanted must be a positive integer, got ${showValue(n)}`, {
      datumsWanted: n,
      option: 'datumsWanted',
    });
  }
  if (options.transpose !== undefined && typeof options.transpose !== 'boolean') {
    fail(`transpose must be true or false, got ${showValue(options.transpose)}`, { option: 'transpose' });
  }
}

function validateStage(
  q: unknown,
  index: number,
  referencable: Set<string>,
  { filter: checkFilter } = { filter: true },
): Stage {
  if (!isPlainObject(q)) fail(`Query ${index} must be an object, got ${showValue(q)}`, { index, path: [] });
  const { column, strategy = 'latest', derived_from: derivedFrom, ...filter } = q;
  const columnPath = 'column' in q ? ['column'] : [];
  if (column === undefined || column === null || column === '')
    fail('column must be provided', { index, path: columnPath });
  if (typeof column !== 'string')
    fail(`column must be a string, got ${showValue(column)}`, { index, path: columnPath });
  if (column === '__proto__') fail('Invalid column name: __proto__', { index, column, path: columnPath });
  if (column.startsWith('$') || column.includes('.')) {
    fail(`Invalid column name: ${column} (it may not start with "$" or contain ".")`, {
      index,
      column,
      path: columnPath,
    });
  }
  if (typeof strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(strategy)) {
    fail(`Invalid strategy: ${typeof strategy === 'string' ? strategy : showValue(strategy)}`, {
      index,
      path: ['strategy'],
    });
  }
  const isBase = index === 0;
  if (isBase && strategy === 'missing') fail('Invalid strategy: missing', { index, path: ['strategy'] });
  let ref: string | null = null;
  if (isBase && derivedFrom !== undefined) {
    fail(
      'derived_from cannot be used on the base query: it names an earlier column, and the base query has none ' +
        '(to filter by parent, nest it: {"$and": [{"derived_from": ...}]})',
      { index, path: ['derived_from'] },
    );
  }
  if (!isBase) {
    if (derivedFrom === undefined || derivedFrom === null || derivedFrom === '') {
      fail('derived_from must be provided', { index, path: 'derived_from' in q ? ['derived_from'] : [] });
    }
    if (typeof derivedFrom !== 'string' || !referencable.has(derivedFrom)) {
      fail(
        `Unknown derived_from reference: ${typeof derivedFrom === 'string' ? derivedFrom : showValue(derivedFrom)}`,
        { index, path: ['derived_from'] },
      );
    }
    ref = derivedFrom;
  }
  if (checkFilter) validateFilterAt(filter, { where: `query ${index}`, index, path: [] });
  return { column, strategy: strategy as Strategy, derivedFrom: ref, filter };
}

/**
 * Checks a MongoDB filter document: known operators only, no server-side code. `path` locates the filter
 * inside its stage object in the errors' `details.path`.
 */
export function validateFilter(filter: Record<string, unknown>, where: string, path: QueryPath = []): void {
  validateFilterAt(filter, { where, path });
}

function validateFilterAt(filter: Record<string, unknown>, place: Place): void {
  const { where } = place;
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      checkOperatorName(key, inside(place, key));
      if (!TOP_LEVEL_OPERATORS.has(key))
        fail(`Operator ${key} cannot stand beside field names in ${where}`, at(place, key));
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || value.length === 0)
          fail(`${key} must be a non-empty array in ${where}`, at(place, key));
        value.forEach((sub, i) => {
          if (!isPlainObject(sub))
            fail(`${key}[${i}] must be an object in ${where}, got ${showValue(sub)}`, at(place, key, i));
          validateFilterAt(sub, inside(place, key, i));
        });
      } else if (key === '$expr') {
        checkExpression(value, inside(place, key));
      }
    } else {
      if (key === '') fail(`Empty field name in ${where}`, at(place, key));
      validateFieldValue(key, value, inside(place, key));
    }
  }
}

/** `place.path` ends with the operator's own key. */
function checkOperatorName(key: string, place: Place): void {
  const { where } = place;
  if (CODE_OPERATORS.has(key))
    fail(`Operator ${key} is not allowed: it runs code on the server (${where})`, {
      operator: key,
      ...at(place),
    });
  if (UNSUPPORTED_OPERATORS.has(key))
    fail(`Operator ${key} is not supported (${where})`, { operator: key, ...at(place) });
  if (!TOP_LEVEL_OPERATORS.has(key) && !FIELD_OPERATORS.has(key)) {
    fail(`Unknown operator: ${key} (${where})`, { operator: key, ...at(place) });
  }
}

/** `place.path` ends with the field's key (or the `$not`/`$elemMatch` that holds this operator object). */
function validateFieldValue(field: string, value: unknown, place: Place): void {
  const { where } = place;
  if (!isPlainObject(value) || isEjsonWrapper(value)) return; // a literal value or sub-document
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith('$'))) return; // a literal sub-document: exact-match equality
  for (const op of keys) {
    if (!op.startsWith('$'))
      fail(`Field ${field} mixes operators and plain keys (${op}) in ${where}`, at(place, op));
    checkOperatorName(op, inside(place, op));
    if (!FIELD_OPERATORS.has(op))
      fail(`Operator ${op} cannot be used on field ${field} in ${where}`, at(place, op));
    const arg = value[op];
    const here = at(place, op);
    switch (op) {
      case '$in':
      case '$nin':
      case '$all':
        if (!Array.isArray(arg)) fail(`${op} on ${field} needs an array, got ${showValue(arg)}`, here);
        break;
      case '$size':
        if (!(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) {
          fail(`$size on ${field} needs a non-negative integer, got ${showValue(arg)}`, here);
        }
        break;
      case '$mod':
        if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((n) => typeof n === 'number')) {
          fail(`$mod on ${field} needs [divisor, remainder], got ${showValue(arg)}`, here);
        }
        break;
      case '$regex':
        if (
          typeof arg !== 'string' &&
          !(arg instanceof RegExp) &&
          !(isPlainObject(arg) && isEjsonWrapper(arg))
        ) {
          fail(`$regex on ${field} needs a string, got ${showValue(arg)}`, here);
        }
        if (typeof arg === 'string') checkRegex(arg, field, here);
        break;
      case '$options':
        if (!('$regex' in value)) fail(`$options on ${field} needs $regex beside it`, here);
        if (typeof arg !== 'string' || !/^[imsx]*$/.test(arg))
          fail(`$options on ${field} must use i, m, s, x`, here);
        break;
      case '$not':
        if (isPlainObject(arg) && !isEjsonWrapper(arg)) {
          if (Object.keys(arg).length === 0) fail(`$not on ${field} needs an operator object`, here);
          validateFieldValue(field, arg, inside(place, op));
        } else if (!(arg instanceof RegExp) && !(isPlainObject(arg) && isEjsonWrapper(arg))) {
          fail(
            `$not on ${field} needs an operator object or a regular expression, got ${showValue(arg)}`,
            here,
          );
        }
        break;
      case '$elemMatch':
        if (!isPlainObject(arg)) fail(`$elemMatch on ${field} needs an object, got ${showValue(arg)}`, here);
        if (Object.keys(arg).some((k) => k.startsWith('$') && !TOP_LEVEL_OPERATORS.has(k))) {
          validateFieldValue(field, arg, inside(place, op));
        } else {
          validateFilterAt(arg, inside(place, op));
        }
        break;
      case '$exists':
        break;
      case '$type':
        if (!(typeof arg === 'string' || typeof arg === 'number' || Array.isArray(arg))) {
          fail(`$type on ${field} needs a type name or number, got ${showValue(arg)}`, here);
        }
        break;
    }
  }
}

function checkRegex(pattern: string, field: string, details: Record<string, unknown>): void {
  try {
    new RegExp(pattern);
  } catch {
    fail(`Invalid regular expression on ${field}: ${pattern}`, details);
  }
}

/** `$expr` holds aggregation expressions; only code-running operators are refused inside it. */
function checkExpression(expr: unknown, place: Place): void {
  if (Array.isArray(expr)) {
    expr.forEach((e, i) => {
      checkExpression(e, inside(place, i));
    });
  } else if (isPlainObject(expr)) {
    for (const [k, v] of Object.entries(expr)) {
      if (CODE_OPERATORS.has(k))
        fail(`Operator ${k} is not allowed: it runs code on the server (${place.where})`, {
          operator: k,
          ...at(place, k),
        });
      checkExpression(v, inside(place, k));
    }
  }
}

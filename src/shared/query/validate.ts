/**
 * Validates a query (spec §3) before any store is touched, and splits each query object into its
 * reserved keys and its filter. Pure: the renderer runs the same checks live in the query builder.
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
      fail(`Duplicate column name: ${stage.column}`, { index, column: stage.column });
    seen.add(stage.column);
    if (stage.strategy !== 'missing') referencable.add(stage.column);
    stages.push(stage);
  });
  return stages;
}

export function validateOptions(options: QueryOptions): void {
  const n = options.datumsWanted;
  if (n !== undefined && n !== null && !(typeof n === 'number' && Number.isInteger(n) && n > 0)) {
    fail(`datumsWanted must be a positive integer, got ${showValue(n)}`, { datumsWanted: n });
  }
  if (options.transpose !== undefined && typeof options.transpose !== 'boolean') {
    fail(`transpose must be true or false, got ${showValue(options.transpose)}`);
  }
}

function validateStage(q: unknown, index: number, referencable: Set<string>): Stage {
  if (!isPlainObject(q)) fail(`Query ${index} must be an object, got ${showValue(q)}`, { index });
  const { column, strategy = 'latest', derived_from: derivedFrom, ...filter } = q;
  if (column === undefined || column === null || column === '') fail('column must be provided', { index });
  if (typeof column !== 'string') fail(`column must be a string, got ${showValue(column)}`, { index });
  if (column === '__proto__') fail('Invalid column name: __proto__', { index, column });
  if (column.startsWith('$') || column.includes('.')) {
    fail(`Invalid column name: ${column} (it may not start with "$" or contain ".")`, { index, column });
  }
  if (typeof strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(strategy)) {
    fail(`Invalid strategy: ${typeof strategy === 'string' ? strategy : showValue(strategy)}`, { index });
  }
  const isBase = index === 0;
  if (isBase && strategy === 'missing') fail('Invalid strategy: missing', { index });
  let ref: string | null = null;
  if (isBase && derivedFrom !== undefined) {
    fail(
      'derived_from cannot be used on the base query: it names an earlier column, and the base query has none ' +
        '(to filter by parent, nest it: {"$and": [{"derived_from": ...}]})',
      { index },
    );
  }
  if (!isBase) {
    if (derivedFrom === undefined || derivedFrom === null || derivedFrom === '') {
      fail('derived_from must be provided', { index });
    }
    if (typeof derivedFrom !== 'string' || !referencable.has(derivedFrom)) {
      fail(
        `Unknown derived_from reference: ${typeof derivedFrom === 'string' ? derivedFrom : showValue(derivedFrom)}`,
        {
          index,
        },
      );
    }
    ref = derivedFrom;
  }
  validateFilter(filter, `query ${index}`);
  return { column, strategy: strategy as Strategy, derivedFrom: ref, filter };
}

/** Checks a MongoDB filter document: known operators only, no server-side code. */
export function validateFilter(filter: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      checkOperatorName(key, where);
      if (!TOP_LEVEL_OPERATORS.has(key)) fail(`Operator ${key} cannot stand beside field names in ${where}`);
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || value.length === 0) fail(`${key} must be a non-empty array in ${where}`);
        value.forEach((sub, i) => {
          if (!isPlainObject(sub)) fail(`${key}[${i}] must be an object in ${where}, got ${showValue(sub)}`);
          validateFilter(sub, where);
        });
      } else if (key === '$expr') {
        checkExpression(value, where);
      }
    } else {
      if (key === '') fail(`Empty field name in ${where}`);
      validateFieldValue(key, value, where);
    }
  }
}

function checkOperatorName(key: string, where: string): void {
  if (CODE_OPERATORS.has(key))
    fail(`Operator ${key} is not allowed: it runs code on the server (${where})`, { operator: key });
  if (UNSUPPORTED_OPERATORS.has(key)) fail(`Operator ${key} is not supported (${where})`, { operator: key });
  if (!TOP_LEVEL_OPERATORS.has(key) && !FIELD_OPERATORS.has(key)) {
    fail(`Unknown operator: ${key} (${where})`, { operator: key });
  }
}

function validateFieldValue(field: string, value: unknown, where: string): void {
  if (!isPlainObject(value) || isEjsonWrapper(value)) return; // a literal value or sub-document
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith('$'))) return; // a literal sub-document: exact-match equality
  for (const op of keys) {
    if (!op.startsWith('$')) fail(`Field ${field} mixes operators and plain keys (${op}) in ${where}`);
    checkOperatorName(op, where);
    if (!FIELD_OPERATORS.has(op)) fail(`Operator ${op} cannot be used on field ${field} in ${where}`);
    const arg = value[op];
    switch (op) {
      case '$in':
      case '$nin':
      case '$all':
        if (!Array.isArray(arg)) fail(`${op} on ${field} needs an array, got ${showValue(arg)}`);
        break;
      case '$size':
        if (!(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) {
          fail(`$size on ${field} needs a non-negative integer, got ${showValue(arg)}`);
        }
        break;
      case '$mod':
        if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((n) => typeof n === 'number')) {
          fail(`$mod on ${field} needs [divisor, remainder], got ${showValue(arg)}`);
        }
        break;
      case '$regex':
        if (
          typeof arg !== 'string' &&
          !(arg instanceof RegExp) &&
          !(isPlainObject(arg) && isEjsonWrapper(arg))
        ) {
          fail(`$regex on ${field} needs a string, got ${showValue(arg)}`);
        }
        if (typeof arg === 'string') checkRegex(arg, field);
        break;
      case '$options':
        if (!('$regex' in value)) fail(`$options on ${field} needs $regex beside it`);
        if (typeof arg !== 'string' || !/^[imsx]*$/.test(arg))
          fail(`$options on ${field} must use i, m, s, x`);
        break;
      case '$not':
        if (isPlainObject(arg) && !isEjsonWrapper(arg)) {
          if (Object.keys(arg).length === 0) fail(`$not on ${field} needs an operator object`);
          validateFieldValue(field, arg, where);
        } else if (!(arg instanceof RegExp) && !(isPlainObject(arg) && isEjsonWrapper(arg))) {
          fail(`$not on ${field} needs an operator object or a regular expression, got ${showValue(arg)}`);
        }
        break;
      case '$elemMatch':
        if (!isPlainObject(arg)) fail(`$elemMatch on ${field} needs an object, got ${showValue(arg)}`);
        if (Object.keys(arg).some((k) => k.startsWith('$') && !TOP_LEVEL_OPERATORS.has(k))) {
          validateFieldValue(field, arg, where);
        } else {
          validateFilter(arg, where);
        }
        break;
      case '$exists':
        break;
      case '$type':
        if (!(typeof arg === 'string' || typeof arg === 'number' || Array.isArray(arg))) {
          fail(`$type on ${field} needs a type name or number, got ${showValue(arg)}`);
        }
        break;
    }
  }
}

function checkRegex(pattern: string, field: string): void {
  try {
    new RegExp(pattern);
  } catch {
    fail(`Invalid regular expression on ${field}: ${pattern}`);
  }
}

/** `$expr` holds aggregation expressions; only code-running operators are refused inside it. */
function checkExpression(expr: unknown, where: string): void {
  if (Array.isArray(expr)) {
    for (const e of expr) checkExpression(e, where);
  } else if (isPlainObject(expr)) {
    for (const [k, v] of Object.entries(expr)) {
      if (CODE_OPERATORS.has(k))
        fail(`Operator ${k} is not allowed: it runs code on the server (${where})`, { operator: k });
      checkExpression(v, where);
    }
  }
}

/**
 * Which operators fit a field, given the types the schema sample saw at its path (`overview.schema`:
 * string, number, boolean, date, objectId, array, object, null, binary), what each is called, and what
 * value it takes. Changing a condition's operator converts its value to the new shape.
 */
import type { ConditionValue, OperatorId, ScalarKind, ScalarValue } from './model';
import { OPERATOR_IDS } from './model';

/** The shape of value an operator takes. */
export type ValueShape = 'scalar' | 'list' | 'exists' | 'regex' | 'size' | 'dateRange';

export const OPERATOR_SHAPES: Record<OperatorId, ValueShape> = {
  eq: 'scalar',
  ne: 'scalar',
  lt: 'scalar',
  lte: 'scalar',
  gt: 'scalar',
  gte: 'scalar',
  in: 'list',
  nin: 'list',
  exists: 'exists',
  regex: 'regex',
  size: 'size',
  between: 'dateRange',
};

const LABELS: Record<OperatorId, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: 'in',
  nin: 'not in',
  exists: 'exists',
  regex: 'regex',
  size: 'size',
  between: 'between',
};

const DATE_LABELS: Partial<Record<OperatorId, string>> = {
  lt: 'before',
  lte: 'on/before',
  gt: 'after',
  gte: 'on/after',
};

/** Words for screen readers and tooltips. */
export const OPERATOR_DESCRIPTIONS: Record<OperatorId, string> = {
  eq: 'equals (on an array: holds an element equal to)',
  ne: 'does not equal',
  lt: 'is less than',
  lte: 'is less than or equal to',
  gt: 'is greater than',
  gte: 'is greater than or equal to',
  in: 'equals one of',
  nin: 'equals none of',
  exists: 'is present or absent',
  regex: 'matches a regular expression',
  size: 'is an array of this length',
  between: 'is between two dates (both included)',
};

/** The operator's label; comparisons on dates read as before/after. */
export function operatorLabel(op: OperatorId, valueKind?: string): string {
  return (valueKind === 'date' && DATE_LABELS[op]) || LABELS[op];
}

const BY_TYPE: Record<string, readonly OperatorId[]> = {
  string: ['eq', 'ne', 'in', 'nin', 'regex', 'lt', 'lte', 'gt', 'gte', 'exists'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists'],
  boolean: ['eq', 'ne', 'exists'],
  date: ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'between', 'in', 'nin', 'exists'],
  objectId: ['eq', 'ne', 'in', 'nin', 'exists'],
  array: ['eq', 'ne', 'in', 'nin', 'size', 'exists'],
  object: ['exists', 'eq', 'ne'],
  null: ['eq', 'ne', 'exists'],
  binary: ['exists'],
};

/**
 * The operators that fit a field of these types, most useful first. A path the sample never saw (or
 * saw with no known type) gets every operator.
 */
export function operatorsForTypes(types: readonly string[]): OperatorId[] {
  const known = types.filter((t) => t in BY_TYPE);
  if (known.length === 0) return [...OPERATOR_IDS];
  // The first type's order leads; the others add what they need at the end.
  const ordered: OperatorId[] = [];
  for (const t of known) for (const op of BY_TYPE[t]) if (!ordered.includes(op)) ordered.push(op);
  return ordered;
}

/** The value kind a new condition on a field of these types starts with. */
export function defaultKindForTypes(types: readonly string[]): ScalarKind {
  for (const t of types) {
    if (t === 'string' || t === 'number' || t === 'boolean' || t === 'date' || t === 'objectId') return t;
  }
  return types.includes('null') && types.length === 1 ? 'null' : 'string';
}

/** The scalar kinds a value editor offers for an operator (comparisons have no null; exists none). */
export function kindsForOperator(op: OperatorId): ScalarKind[] {
  switch (OPERATOR_SHAPES[op]) {
    case 'scalar':
      return op === 'eq' || op === 'ne'
        ? ['string', 'number', 'boolean', 'date', 'objectId', 'null']
        : ['number', 'string', 'date', 'objectId'];
    case 'list':
      return ['string', 'number', 'boolean', 'date', 'objectId', 'null'];
    default:
      return [];
  }
}

/** An empty value of a kind, for a new condition or a change of kind. */
export function emptyScalar(kind: ScalarKind): ScalarValue {
  switch (kind) {
    case 'string':
      return { kind, value: '' };
    case 'number':
      return { kind, value: 0 };
    case 'boolean':
      return { kind, value: true };
    case 'date':
      return { kind, iso: new Date(Date.UTC(new Date().getUTCFullYear(), 0, 1)).toISOString() };
    case 'objectId':
      return { kind, hex: '000000000000000000000000' };
    case 'null':
      return { kind };
  }
}

function firstScalar(value: ConditionValue): ScalarValue | null {
  switch (value.kind) {
    case 'list':
      return value.items[0] ?? null;
    case 'regex':
      return { kind: 'string', value: value.pattern };
    case 'dateRange':
      return { kind: 'date', iso: value.from };
    default:
      return value;
  }
}

/**
 * The value a condition keeps when its operator changes from `from` to `to`: `= circle` becomes
 * `in [circle]`, `in [a, b]` becomes `= a`, a date becomes both ends of a range, and so on; what cannot
 * carry over starts empty in the field's kind.
 */
export function convertValue(
  value: ConditionValue,
  from: OperatorId,
  to: OperatorId,
  fieldKind: ScalarKind,
): ConditionValue {
  // exists holds true/false about presence, not a value of the field.
  const scalar = OPERATOR_SHAPES[from] === 'exists' ? null : firstScalar(value);
  switch (OPERATOR_SHAPES[to]) {
    case 'scalar': {
      const allowed = kindsForOperator(to);
      if (scalar && allowed.includes(scalar.kind)) return scalar;
      return emptyScalar(allowed.includes(fieldKind) ? fieldKind : allowed[0]);
    }
    case 'list':
      if (value.kind === 'list') return value;
      return { kind: 'list', items: scalar ? [scalar] : [] };
    case 'exists':
      return { kind: 'boolean', value: true };
    case 'regex':
      return { kind: 'regex', pattern: scalar?.kind === 'string' ? scalar.value : '', flags: '' };
    case 'size':
      return {
        kind: 'number',
        value:
          scalar?.kind === 'number' && Number.isInteger(scalar.value) && scalar.value >= 0 ? scalar.value : 0,
      };
    case 'dateRange': {
      if (value.kind === 'dateRange') return value;
      const iso = scalar?.kind === 'date' ? scalar.iso : (emptyScalar('date') as { iso: string }).iso;
      return { kind: 'dateRange', from: iso, to: iso };
    }
  }
}

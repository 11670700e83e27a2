/**
 * Which values a dotted path reaches in a document, with MongoDB's two sets of rules:
 * - query paths (`{"a.b": ...}`): a port of the server's `BSONElementIterator` (src/mongo/db/matcher/path.cpp),
 *   including array offsets (`a.0.b`), missing fields (yielded as MISSING so `null` matches them), and leaf
 *   array expansion (a leaf matcher sees each element and then the array itself);
 * - aggregation paths (`"$a.b"`, used by `countBy`): `ExpressionFieldPath::evaluatePath`.
 */
import { isDocument, MISSING } from './bson-values';

const isAllDigits = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

/** Field lookup on a document, or on an array viewed as a document (keys "0", "1", ...). */
function getField(container: unknown, name: string): unknown {
  if (Array.isArray(container)) {
    if (!isAllDigits(name) || (name.length > 1 && name[0] === '0')) return MISSING;
    const i = Number(name);
    return i < container.length ? container[i] : MISSING;
  }
  const obj = container as Record<string, unknown>;
  if (!Object.hasOwn(obj, name)) return MISSING;
  const v = obj[name];
  return v === undefined ? MISSING : v;
}

/**
 * Every value a query leaf sees at `parts` (MISSING where the path does not exist).
 * `expandLeafArrays` is false for `$size` and `$elemMatch`, which look at arrays as a whole.
 */
export function queryPathValues(doc: unknown, parts: readonly string[], expandLeafArrays = true): unknown[] {
  const out: unknown[] = [];
  walkDocument(doc, parts, 0, expandLeafArrays, out);
  return out;
}

// BEGIN state: descend through documents until the path ends, a field is missing, or an array is reached.
function walkDocument(
  container: unknown,
  parts: readonly string[],
  start: number,
  expand: boolean,
  out: unknown[],
) {
  let cur = container;
  let i = start;
  let value: unknown;
  for (;;) {
    value = getField(cur, parts[i]);
    if (value === MISSING || Array.isArray(value)) break;
    if (i + 1 >= parts.length) break;
    if (!isDocument(value)) {
      value = MISSING; // a scalar with path left over
      break;
    }
    cur = value;
    i++;
  }
  if (!Array.isArray(value)) {
    out.push(value);
    return;
  }
  const rest = i + 1;
  if (rest >= parts.length && !expand) {
    out.push(value);
    return;
  }
  walkArray(value, parts, rest, expand, out);
}

// IN_ARRAY state: `rest` indexes the first path part after the array.
function walkArray(arr: unknown[], parts: readonly string[], rest: number, expand: boolean, out: unknown[]) {
  const hasMore = rest < parts.length;
  const next = hasMore ? parts[rest] : '';
  const nextIsNumber = hasMore && isAllDigits(next);
  for (let k = 0; k < arr.length; k++) {
    const elt = arr[k];
    if (!hasMore) {
      out.push(elt);
      continue;
    }
    const offsetMatch = nextIsNumber && next === String(k);
    if (isDocument(elt)) {
      walkDocument(elt, parts, rest, expand, out);
      // After the sub-document's own field "<k>", an array offset also reaches into it.
      if (offsetMatch) {
        if (rest + 1 >= parts.length) out.push(elt);
        else walkDocument(elt, parts, rest + 1, expand, out);
      }
    } else if (offsetMatch) {
      if (rest + 1 >= parts.length) out.push(elt);
      else if (Array.isArray(elt)) walkArray(elt, parts, rest + 1, expand, out);
    }
  }
  if (!hasMore) out.push(arr);
}

/** The value of an aggregation field path (`"$a.b"`): arrays map over their elements; MISSING if absent. */
export function aggregationPathValue(doc: unknown, parts: readonly string[]): unknown {
  return evaluatePath(doc, parts, 0);
}

function evaluatePath(doc: unknown, parts: readonly string[], index: number): unknown {
  const obj = doc as Record<string, unknown>;
  const value = Object.hasOwn(obj, parts[index]) ? obj[parts[index]] : MISSING;
  if (value === undefined) return MISSING;
  if (index === parts.length - 1) return value;
  if (isDocument(value)) return evaluatePath(value, parts, index + 1);
  if (Array.isArray(value)) return evaluatePathArray(value, parts, index + 1);
  return MISSING;
}

function evaluatePathArray(arr: unknown[], parts: readonly string[], index: number): unknown[] {
  const result: unknown[] = [];
  for (const elt of arr) {
    const nested = isDocument(elt)
      ? evaluatePath(elt, parts, index)
      : Array.isArray(elt)
        ? evaluatePathArray(elt, parts, index)
        : MISSING;
    if (nested !== MISSING) result.push(nested);
  }
  return result;
}

/**
 * Typed values: how a condition's value is written in the query JSON (Extended JSON for dates and
 * ObjectIds) and how a user types it in a value editor, with errors that say what was expected.
 */
import type { JsonValue, ListValue, ScalarKind, ScalarValue } from './model';
import { isPlainObject } from './model';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = <T>(error: string): Parsed<T> => ({ ok: false, error });

export const SCALAR_KINDS: readonly ScalarKind[] = [
  'string',
  'number',
  'boolean',
  'date',
  'objectId',
  'null',
];

export const KIND_LABELS: Record<ScalarKind, string> = {
  string: 'Text',
  number: 'Number',
  boolean: 'Bool',
  date: 'Date',
  objectId: 'ObjectId',
  null: 'null',
};

// ---------- JSON ⇄ scalar ----------

/**
 * ISO 8601 instants that mean the same everywhere: a date (midnight UTC) or a date and time with `Z` or
 * an offset. A time without a zone is read as local time by some readers, so it is not a date here.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

function isoMillis(text: string): number | null {
  const m = ISO_INSTANT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > daysIn(+y, +mo) || +h > 23 || +mi > 59 || +s > 59) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** The scalar a JSON value holds, or null when it is not one the cards can show. */
export function scalarFromJson(value: JsonValue): ScalarValue | null {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : null;
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  if (keys[0] === '$date' && typeof value.$date === 'string' && isoMillis(value.$date) !== null) {
    return { kind: 'date', iso: value.$date };
  }
  if (keys[0] === '$oid' && typeof value.$oid === 'string' && OBJECT_ID.test(value.$oid)) {
    return { kind: 'objectId', hex: value.$oid };
  }
  return null;
}

export function scalarToJson(value: ScalarValue): JsonValue {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'date':
      return { $date: value.iso };
    case 'objectId':
      return { $oid: value.hex };
    case 'null':
      return null;
  }
}

/** A JSON array of scalars as a list, or null. */
export function listFromJson(value: JsonValue): ListValue | null {
  if (!Array.isArray(value)) return null;
  const items: ScalarValue[] = [];
  for (const item of value) {
    const scalar = scalarFromJson(item);
    if (!scalar) return null;
    items.push(scalar);
  }
  return { kind: 'list', items };
}

export const listToJson = (list: ListValue): JsonValue[] => list.items.map(scalarToJson);

// ---------- typing values ----------

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): Parsed<number> {
  const t = text.trim();
  if (t === '') return err('Enter a number');
  if (!NUMBER.test(t)) return err(`"${t}" is not a number`);
  const n = Number(t);
  if (!Number.isFinite(n)) return err(`${t} is too large a number`);
  return ok(n);
}

/**
 * A date typed as ISO 8601: `2024-01-31`, `2024-01-31 14:05`, `2024-01-31T14:05:30.250Z`,
 * `…+02:00`. A space may stand for the `T`; no zone means UTC.
 */
export function parseDate(text: string): Parsed<string> {
  const t = text.trim().replace(/^(\d{4}-\d{2}-\d{2}) +(?=\d)/, '$1T');
  if (t === '') return err('Enter a date, e.g. 2024-01-31 or 2024-01-31 14:05');
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t;
  const ms = isoMillis(withZone);
  if (ms === null)
    return err(`"${text.trim()}" is not a date: write it as 2024-01-31 or 2024-01-31 14:05 (UTC)`);
  return ok(new Date(ms).toISOString());
}

/**
 * An ISO instant as the date editor shows it, in UTC: the date alone at midnight, else the date and the
 * time to the minute, second or millisecond it needs (`2024-01-31 14:05`).
 */
export function formatDateForInput(iso: string): string {
  const ms = isoMillis(iso);
  if (ms === null) return '';
  const full = new Date(ms).toISOString(); // 2024-01-31T14:05:00.000Z
  const [date, time] = full.slice(0, -1).split('T');
  if (time === '00:00:00.000') return date;
  const trimmed = time.endsWith('.000') ? time.slice(0, 8) : time;
  return `${date} ${trimmed.endsWith(':00') && trimmed.length === 8 ? trimmed.slice(0, 5) : trimmed}`;
}

/** An ISO instant for people: `2024-01-31 14:05:00 UTC`. */
export function formatDateForPeople(iso: string): string {
  const input = formatDateForInput(iso);
  return input ? `${input} UTC` : iso;
}

export function parseObjectId(text: string): Parsed<string> {
  const t = text.trim();
  if (OBJECT_ID.test(t)) return ok(t.toLowerCase());
  if (/^[0-9a-fA-F]*$/.test(t)) {
    return err(`An ObjectId is 24 hexadecimal characters; "${t}" has ${t.length}`);
  }
  return err(`"${t}" is not an ObjectId: use only 0-9 and a-f`);
}

export function parseBoolean(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (t === 'true') return ok(true);
  if (t === 'false') return ok(false);
  return err(`"${text.trim()}" is not true or false`);
}

/** The text for a value of one kind typed in its editor. */
export function parseScalar(kind: ScalarKind, text: string): Parsed<ScalarValue> {
  switch (kind) {
    case 'string':
      return ok({ kind, value: text });
    case 'number': {
      const n = parseNumber(text);
      return n.ok ? ok({ kind, value: n.value }) : n;
    }
    case 'boolean': {
      const b = parseBoolean(text);
      return b.ok ? ok({ kind, value: b.value }) : b;
    }
    case 'date': {
      const d = parseDate(text);
      return d.ok ? ok({ kind, iso: d.value }) : d;
    }
    case 'objectId': {
      const id = parseObjectId(text);
      return id.ok ? ok({ kind, hex: id.value }) : id;
    }
    case 'null':
      return text.trim() === '' || text.trim() === 'null' ? ok({ kind }) : err('null takes no value');
  }
}

/** What the editor of a value's kind shows for it. */
export function formatScalar(value: ScalarValue): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'date':
      return formatDateForInput(value.iso) || value.iso;
    case 'objectId':
      return value.hex;
    case 'null':
      return 'null';
  }
}

/** The kind every item shares, or null for a mixed (or empty) list. */
export function listKind(items: readonly ScalarValue[]): ScalarKind | null {
  const kinds = new Set(items.map((i) => i.kind));
  return kinds.size === 1 ? items[0].kind : null;
}

/**
 * A list typed as comma-separated items of one kind (`circle, square`; quote an item holding a comma:
 * `"a, b", c`), or as a JSON array (`[1, "a", null, {"$date": "2024-01-01"}]`) for mixed kinds.
 */
export function parseList(itemKind: ScalarKind, text: string): Parsed<ListValue> {
  const t = text.trim();
  if (t.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(t);
    } catch {
      return err('The list starts with "[" but is not a JSON array');
    }
    const list = listFromJson(json as JsonValue);
    return list
      ? ok(list)
      : err('Each item of a JSON list must be a string, number, boolean, null, date or ObjectId');
  }
  if (t === '') return ok({ kind: 'list', items: [] });
  const parts = splitItems(t);
  if (!parts.ok) return parts;
  const items: ScalarValue[] = [];
  for (const [i, part] of parts.value.entries()) {
    const item = parseScalar(itemKind, part);
    if (!item.ok) return err(`Item ${i + 1}: ${item.error}`);
    items.push(item.value);
  }
  return ok({ kind: 'list', items });
}

function splitItems(text: string): Parsed<string[]> {
  const items: string[] = [];
  let i = 0;
  while (i <= text.length) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return err('A quoted item is not closed');
      items.push(JSON.parse(text.slice(i, j + 1)) as string);
      i = j + 1;
      while (text[i] === ' ') i++;
      if (i < text.length && text[i] !== ',') return err('Put a comma after a quoted item');
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      items.push(text.slice(i, end).trim());
      i = end + 1;
    }
  }
  return ok(items);
}

/** The text `parseList` reads back into the same list. */
export function formatList(list: ListValue): string {
  const kind = listKind(list.items);
  if (list.items.length > 0 && (kind === null || kind === 'null')) return JSON.stringify(listToJson(list));
  return list.items
    .map((item, i) => {
      const text = formatScalar(item);
      const plain =
        item.kind !== 'string' ||
        (text === text.trim() && !/[,"]/.test(text) && text !== '' && !(i === 0 && text.startsWith('[')));
      return plain ? text : JSON.stringify(text);
    })
    .join(', ');
}

/**
 * JSON as Python's `json.dumps` writes it (", " and ": " separators, ASCII only, floats as `repr`), so that a
 * payload written here has the same bytes, and therefore the same object hash, as the Python library's.
 */
import { RegistryError } from '#shared/errors';

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = value.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1) || '0';
  return `${sign}${intPart}.${fracPart}`;
}

/** A JS number as Python would have written it: integers as integers, everything else as a float. */
export function pythonNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return pythonFloatRepr(value);
}

function escapeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

function dump(value: unknown, path: string): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return escapeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Python writes NaN/Infinity, which JSON readers (ours included) refuse; do what JSON.stringify does.
      return Number.isFinite(value) ? pythonNumber(value) : 'null';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return value.toString(); // Python's json writes ints of any size as digits
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => dump(v, `${path}[${i}]`) ?? 'null').join(', ')}]`;
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const text = dump(v, path ? `${path}.${k}` : k);
    if (text !== undefined) parts.push(`${escapeString(k)}: ${text}`);
  }
  return `{${parts.join(', ')}}`;
}

/** `json.dumps(value)` as Python writes it. */
export function pythonJsonDumps(value: unknown): string {
  const text = dump(value, '');
  if (text === undefined) throw new RegistryError(`Cannot store a value of type ${typeof value} as JSON`);
  return text;
}

/**
 * JSON.parse that also accepts Python's NaN / Infinity / -Infinity (read as null), and reads integers beyond
 * ±(2^53 − 1) as bigints (as the stores hand out int64), so Python's big ints come back exact.
 */
export function parsePythonJson(text: string): unknown {
  const marked = markBigIntegers(text);
  const revive = marked ? bigIntReviver(marked.marker) : undefined;
  const source = marked ? marked.text : text;
  try {
    return JSON.parse(source, revive);
  } catch (err) {
    const cleaned = replaceNonFinite(source);
    if (cleaned === source) throw err;
    return JSON.parse(cleaned, revive);
  }
}

/** A number token outside strings: sign, digits, and any fraction or exponent. */
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Replaces integer tokens too large for a double by marked strings that the reviver turns into bigints;
 * null when there are none (the usual case, left to plain JSON.parse).
 */
function markBigIntegers(text: string): { text: string; marker: string } | null {
  if (!/\d{16}/.test(text)) return null;
  const marker = `\u0000bigint-${Math.random().toString(36).slice(2)}:`;
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    NUMBER_TOKEN.lastIndex = i;
    const m = (ch === '-' || (ch >= '0' && ch <= '9')) && NUMBER_TOKEN.exec(text);
    if (m) {
      const token = m[0];
      const isBig = /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token));
      out += isBig ? JSON.stringify(marker + token) : token;
      changed ||= isBig;
      i += token.length;
      continue;
    }
    out += ch;
    i++;
  }
  return changed ? { text: out, marker } : null;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function bigIntReviver(marker: string) {
  return (_key: string, value: unknown) =>
    typeof value === 'string' && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value;
}

function replaceNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    const rest = text.slice(i, i + 9);
    const token = rest.startsWith('-Infinity')
      ? '-Infinity'
      : rest.startsWith('Infinity')
        ? 'Infinity'
        : rest.startsWith('NaN')
          ? 'NaN'
          : null;
    if (token) {
      out += 'null';
      i += token.length - 1;
    } else out += ch;
  }
  return out;
}

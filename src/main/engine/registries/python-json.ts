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
      throw new RegistryError(`Cannot store a bigint as JSON (at ${path || 'the top level'})`, { path });
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

/** JSON.parse that also accepts Python's NaN / Infinity / -Infinity (read as null). */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const cleaned = replaceNonFinite(text);
    if (cleaned === text) throw err;
    return JSON.parse(cleaned);
  }
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

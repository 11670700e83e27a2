/**
 * The JSON editor's text: a strict JSON parser (what `JSON.parse` accepts, nothing more) that also records
 * where every key and value is, so a validation error's path becomes a character range; and the
 * formatter that writes the query list readably (stages one key per line, short values on one line).
 */
import type { JsonPath, JsonValue } from './model';

export interface TextRange {
  from: number;
  to: number;
}

interface Span {
  /** The value. */
  from: number;
  to: number;
  /** The key, quotes included, when the value is an object member. */
  key?: TextRange;
}

export interface JsonSyntaxError {
  message: string;
  from: number;
  to: number;
}

export interface DuplicateKey {
  key: string;
  path: JsonPath;
  range: TextRange;
}

export type ParsedText =
  | { ok: true; value: JsonValue; spans: Map<string, Span>; duplicates: DuplicateKey[] }
  | { ok: false; error: JsonSyntaxError };

const pathKey = (path: JsonPath) => JSON.stringify(path);

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

/** Line and column (both from 1) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

export function parseJsonText(text: string): ParsedText {
  const spans = new Map<string, Span>();
  const duplicates: DuplicateKey[] = [];
  let pos = 0;

  const fail = (what: string, from = pos, to = Math.min(from + 1, text.length)): never => {
    const { line, column } = lineColumn(text, from);
    throw new SyntaxFailure(`JSON syntax error at line ${line}, column ${column}: ${what}`, from, to);
  };
  const found = () => (pos >= text.length ? 'the end of the text' : JSON.stringify(text[pos]));
  const skip = () => {
    while (
      pos < text.length &&
      (text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\r' || text[pos] === '\t')
    )
      pos++;
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    while (true) {
      if (pos >= text.length) fail('this string is not closed', start, text.length);
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === '\\') {
        const esc = text[pos + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (esc !== undefined && esc in simple) {
          out += simple[esc];
          pos += 2;
        } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(Number.parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else {
          fail('invalid escape in a string', pos, pos + 2);
        }
      } else if (ch < ' ') {
        fail('a string cannot hold a line break or control character; write \\n', pos);
      } else {
        out += ch;
        pos++;
      }
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  const parseValue = (path: JsonPath, key?: TextRange): JsonValue => {
    skip();
    const from = pos;
    let value: JsonValue;
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const obj: Record<string, JsonValue> = {};
      skip();
      if (text[pos] === '}') {
        pos++;
      } else {
        while (true) {
          skip();
          if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
          const keyFrom = pos;
          const name = parseString();
          const keyRange = { from: keyFrom, to: pos };
          skip();
          if (text[pos] !== ':') fail(`expected ":" after the property name, found ${found()}`);
          pos++;
          if (Object.hasOwn(obj, name))
            duplicates.push({ key: name, path: [...path, name], range: keyRange });
          const member = parseValue([...path, name], keyRange);
          Object.defineProperty(obj, name, {
            value: member,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          skip();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === '}') {
            pos++;
            break;
          }
          fail(`expected "," or "}" after a property, found ${found()}`);
        }
      }
      value = obj;
    } else if (ch === '[') {
      pos++;
      const arr: JsonValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
      } else {
        while (true) {
          arr.push(parseValue([...path, arr.length]));
          skip();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === ']') {
            pos++;
            break;
          }
          fail(`expected "," or "]" after an item, found ${found()}`);
        }
      }
      value = arr;
    } else if (ch === '"') {
      value = parseString();
    } else if (text.startsWith('true', pos)) {
      pos += 4;
      value = true;
    } else if (text.startsWith('false', pos)) {
      pos += 5;
      value = false;
    } else if (text.startsWith('null', pos)) {
      pos += 4;
      value = null;
    } else {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m || m[0] === '-') fail(`expected a value, found ${found()}`);
      pos += m![0].length;
      value = Number(m![0]);
    }
    spans.set(pathKey(path), { from, to: pos, key });
    return value;
  };

  try {
    skip();
    if (pos >= text.length)
      fail('the text is empty; write a query list such as [{"column": "image_id"}]', 0, 0);
    const value = parseValue([]);
    skip();
    if (pos < text.length) fail(`unexpected text after the JSON value: ${found()}`);
    return { ok: true, value, spans, duplicates };
  } catch (err) {
    if (err instanceof SyntaxFailure)
      return { ok: false, error: { message: err.message, from: err.from, to: err.to } };
    throw err;
  }
}

/**
 * The range to mark for a path: the key of an object member, an array item's value, or (for the root or
 * an object that is not a member) its first character. Null when the path is not in the text.
 */
export function rangeOfPath(parsed: Extract<ParsedText, { ok: true }>, path: JsonPath): TextRange | null {
  const span = parsed.spans.get(pathKey(path));
  if (!span) return null;
  if (span.key) return span.key;
  if (path.length > 0 && typeof path[path.length - 1] === 'number' && span.to - span.from <= 80) {
    return { from: span.from, to: span.to };
  }
  return { from: span.from, to: span.from + 1 };
}

// ---------- formatting ----------

/** A value on one line, with a space after each comma and colon. */
export function formatInlineJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatInlineJson(item)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? '{}'
      : `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${formatInlineJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The query list as the JSON editor shows it: each query object one key per line, anything shorter
 * than `width` on one line, longer values broken the same way.
 */
export function formatQueryJson(value: JsonValue, width = 96): string {
  const render = (v: JsonValue, indent: string, used: number, depth: number): string => {
    const flat = formatInlineJson(v);
    const forced = depth <= 1 && v !== null && typeof v === 'object' && !isEmpty(v);
    if (!forced && used + flat.length <= width) return flat;
    if (v === null || typeof v !== 'object' || isEmpty(v)) return flat;
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      const items = v.map((item) => `${inner}${render(item, inner, inner.length + 1, depth + 1)}`);
      return `[\n${items.join(',\n')}\n${indent}]`;
    }
    const members = Object.entries(v).map(([k, item]) => {
      const head = `${inner}${JSON.stringify(k)}: `;
      return `${head}${render(item, inner, head.length + 1, depth + 1)}`;
    });
    return `{\n${members.join(',\n')}\n${indent}}`;
  };
  return render(value, '', 0, Array.isArray(value) ? 0 : 1);
}

const isEmpty = (v: object) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

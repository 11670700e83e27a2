/**
 * MongoDB regular expressions (PCRE, options i m s x) as JS RegExps. `x` (extended) has no JS flag, so
 * its whitespace and `#` comments are removed from the pattern; unicode mode is used when the pattern
 * allows it, because the server matches UTF-8 code points, not UTF-16 units.
 */
import { QueryValidationError } from '#shared/errors';

export function toJsRegExp(value: unknown, options?: string): RegExp {
  let source: string;
  let flags: string;
  if (value instanceof RegExp) {
    source = value.source;
    flags = options ?? value.flags;
  } else if (typeof value === 'string') {
    source = value;
    flags = options ?? '';
  } else {
    const r = value as { pattern: string; options: string };
    source = r.pattern;
    flags = options ?? r.options;
  }
  if (flags.includes('x')) source = stripExtended(source);
  const jsFlags = [...new Set(flags.replace(/[^ims]/g, ''))].join('');
  try {
    return new RegExp(source, `${jsFlags}u`);
  } catch {
    try {
      return new RegExp(source, jsFlags);
    } catch (err) {
      throw new QueryValidationError(
        `Invalid regular expression: ${source}`,
        { pattern: source },
        { cause: err },
      );
    }
  }
}

/** PCRE extended mode: unescaped whitespace outside character classes and `#...` comments are ignored. */
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

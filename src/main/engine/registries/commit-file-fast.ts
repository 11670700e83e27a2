/**
 * The usual commit file read without the YAML parser. Nearly every commit file is the same seven lines
 * (`_files` as a list of plain names, `class`, `hash`, `init_params: {}`, `materializer`, `metadata: {}`,
 * `path`), and parsing them with the full YAML 1.1 parser took about a third of a millisecond each: a
 * large share of a dataset export's time per small picture. Anything else (quoting, nesting, comments,
 * a value YAML 1.1 could read as a number, a boolean, null or a date) answers null, and the caller parses
 * the file in full. commit-file-fast.test.ts holds both readers to the same results.
 */
import type { ParsedCommitFile } from './commit-file';

const LINE = /^([A-Za-z_]+):(?: (.*))?$/;
const ITEM = /^- (.*)$/;
/** Plain scalars that cannot start or hold YAML syntax (no quotes, `:`, `#`, spaces, flow characters). */
const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./@+-]*$/;
/** Ints (decimal, octal, hex, binary) and floats as YAML 1.1 reads them. */
const NUMBER_LIKE =
  /^[-+]?(0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+([eE][-+]?[0-9]+)?)$/;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
/** YAML 1.1 booleans and nulls. */
const WORDS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL'.split(
    ' ',
  ),
);
const STRING_KEYS = new Set(['class', 'hash', 'materializer', 'path']);
const EMPTY_MAP_KEYS = new Set(['init_params', 'metadata']);

/** A value the full parser surely reads as this very string. */
function plainString(value: string): boolean {
  return PLAIN.test(value) && !WORDS.has(value) && !NUMBER_LIKE.test(value) && !DATE_LIKE.test(value);
}

/** The commit file's fields when the text is the usual plain form, else null. */
export function readPlainCommitFile(text: string): ParsedCommitFile | null {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const strings = new Map<string, string>();
  const seen = new Set<string>();
  let files: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = LINE.exec(lines[i]);
    if (!line || seen.has(line[1])) return null;
    const [, key, value] = line;
    seen.add(key);
    if (key === '_files') {
      files = [];
      if (value === '[]') continue;
      if (value !== undefined) return null;
      for (let item = ITEM.exec(lines[i + 1] ?? ''); item; item = ITEM.exec(lines[i + 1] ?? '')) {
        if (!plainString(item[1])) return null;
        files.push(item[1]);
        i++;
      }
      if (files.length === 0) return null;
    } else if (STRING_KEYS.has(key)) {
      if (value === undefined || !plainString(value)) return null;
      strings.set(key, value);
    } else if (!EMPTY_MAP_KEYS.has(key) || value !== '{}') {
      return null;
    }
  }
  if (seen.size === 0) return null;
  return {
    files,
    className: strings.get('class') ?? 'unknown',
    hash: strings.get('hash') ?? null,
    materializer: strings.get('materializer') ?? 'unknown',
    metadata: {},
    path: strings.get('path') ?? null,
  };
}

/**
 * The `_meta_<key>@<version>.yaml` commit file, written the way PyYAML's `yaml.safe_dump(sort_keys=True)`
 * writes it (block style, keys sorted, sequences not indented, strings quoted where YAML 1.1 would read them
 * as something else), and read with the YAML 1.1 schema that PyYAML uses.
 */
import { Document, parse, Scalar, visit } from 'yaml';
import { RegistryError } from '#shared/errors';
import { readPlainCommitFile } from './commit-file-fast';
import { comparePaths } from './keys';
import { pythonFloatRepr } from './python-json';

/** The fields of a commit file, in the Python library's names. */
export interface CommitFields {
  _files: string[];
  class: string;
  hash: string;
  init_params: Record<string, unknown>;
  materializer: string;
  metadata: Record<string, unknown>;
  path: string;
}

/** PyYAML's float style: `repr` in lower case, with '.0' added to an exponent form that lacks a '.'. */
function pyYamlFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const text = pythonFloatRepr(value);
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

// Used for writing only. The yaml package prefers tags that have a `test`, so these get one that never
// matches, which keeps them ahead of the schema's own float and timestamp tags.
const NEVER = /(?!)/;

// Non-integers, and integers too large for JS to print as digits, go out as PyYAML floats.
const floatTag = {
  test: NEVER,
  identify: (v: unknown) => typeof v === 'number' && !(Number.isInteger(v) && Math.abs(v) < 1e21),
  default: true,
  tag: 'tag:yaml.org,2002:float',
  resolve: (s: string) => Number(s),
  stringify: ({ value }: { value: unknown }) => pyYamlFloat(value as number),
};

// An aware UTC datetime as PyYAML writes one: `2024-01-01 10:00:00.123000+00:00`.
const timestampTag = {
  test: NEVER,
  identify: (v: unknown) => v instanceof Date,
  default: true,
  tag: 'tag:yaml.org,2002:timestamp',
  resolve: (s: string) => new Date(s),
  stringify: ({ value }: { value: unknown }) => {
    const d = value as Date;
    if (Number.isNaN(d.getTime())) throw new RegistryError('Cannot write an invalid Date to a commit file');
    const iso = d.toISOString(); // 2024-01-01T10:00:00.123Z
    const ms = d.getUTCMilliseconds();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}+00:00`;
  },
};

// PyYAML (allow_unicode=False) double-quotes any string holding a character outside printable ASCII and
// escapes it, so the file is pure ASCII and reads the same whatever encoding Python opens it with.
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/** PyYAML reads '=' as the `value` tag and '<<' as a merge key: both must be quoted. */
const PYYAML_RESERVED = new Set(['=', '<<']);

function styleScalars(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (NOT_PRINTABLE_ASCII.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      else if (PYYAML_RESERVED.has(node.value)) node.type = Scalar.QUOTE_SINGLE;
    },
  });
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

const NAMED_ESCAPES: Record<number, string> = { 133: 'N', 160: '_', 8232: 'L', 8233: 'P' };

/** Escapes what the yaml package leaves raw; such characters only occur inside double-quoted scalars. */
function escapeNonAscii(text: string): string {
  return text.replace(/[^\t\n\x20-\x7e]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (NAMED_ESCAPES[cp]) return `\\${NAMED_ESCAPES[cp]}`;
    const hex = cp.toString(16).toUpperCase();
    if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
    if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
    return `\\U${hex.padStart(8, '0')}`;
  });
}

/** Serialises a commit file. Everything not in `fields` is left out. */
export function stringifyCommitFile(fields: CommitFields): string {
  const doc = new Document(fields, {
    version: '1.1',
    // Without the merge tag, the string '<<' is an ordinary string that styleScalars quotes.
    customTags: (tags) => [
      floatTag,
      timestampTag,
      ...tags.filter((t) => (t as { tag?: string }).tag !== MERGE_TAG),
    ],
    sortMapEntries: (a, b) => comparePaths(String((a.key as Scalar).value), String((b.key as Scalar).value)),
  });
  styleScalars(doc);
  return escapeNonAscii(
    doc.toString({ indentSeq: false, lineWidth: 80, minContentWidth: 0, singleQuote: true }),
  );
}

/** What a commit file may hold; older Python releases may leave out `_files` and `hash`. */
export interface ParsedCommitFile {
  files: string[] | null;
  className: string;
  hash: string | null;
  materializer: string;
  metadata: Record<string, unknown>;
  path: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !(v instanceof Uint8Array);

export function parseCommitFile(text: string, where: string): ParsedCommitFile {
  return readPlainCommitFile(text) ?? parseCommitFileYaml(text, where);
}

/** The full YAML 1.1 reading (the fast reader's fallback, and its reference in tests). */
export function parseCommitFileYaml(text: string, where: string): ParsedCommitFile {
  let raw: unknown;
  try {
    raw = parse(text, { version: '1.1', maxAliasCount: 1000 });
  } catch (err) {
    throw new RegistryError(
      `Corrupt commit file ${where}: ${(err as Error).message}`,
      { file: where },
      { cause: err },
    );
  }
  if (!isRecord(raw)) throw new RegistryError(`Corrupt commit file ${where}: not a mapping`, { file: where });
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const files = Array.isArray(raw._files) ? raw._files.map(String) : null;
  return {
    files,
    className: str(raw.class) ?? 'unknown',
    hash: str(raw.hash),
    materializer: str(raw.materializer) ?? 'unknown',
    metadata: isRecord(raw.metadata) ? raw.metadata : {},
    path: str(raw.path),
  };
}

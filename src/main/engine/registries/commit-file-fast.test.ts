/**
 * The plain commit-file reader against the full YAML 1.1 reading: the same fields whenever it answers,
 * an answer for the usual files (ours and the Python library's fixtures), and no answer for anything it
 * cannot be sure of.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommitFields, parseCommitFile, parseCommitFileYaml, stringifyCommitFile } from './commit-file';
import { readPlainCommitFile } from './commit-file-fast';

const base: CommitFields = {
  _files: ['image.png'],
  class: 'PIL.Image.Image',
  hash: '82243a18db6a6b0fa578bea5660749281a3817b4b10f661b1990d2f309dabedd',
  init_params: {},
  materializer: 'mindtrace.registry.archivers.integration_materializers.PillowImageMaterializer',
  metadata: {},
  path: '/tmp/registry/bf58ab03-8a82-44d7-ace5-9ffbada53ce3/1.0.0',
};

/** Values that YAML 1.1 reads as something other than the plain string, or that need quoting. */
const TRICKY = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'null',
  '~',
  '1.0',
  '12',
  '-3',
  '012',
  '0x1F',
  '0b101',
  '1e5',
  '12e4',
  '1_000',
  '.inf',
  '.NaN',
  '2024-01-01',
  '2024-01-01 10:00:00',
  '1:20',
  'a: b',
  'a #b',
  '&a',
  '*a',
  '!x',
  '=',
  '<<',
  '',
  ' lead',
  'trail ',
  'a b',
  'é',
  '-a',
  '[x]',
  '{x}',
  '"q"',
  "'q'",
  'C:\\dir\\file',
  '%x',
  '@x',
];
const PLAIN = [
  'data.json',
  'image.png',
  'a-b_c.d',
  'builtins.dict',
  '/reg/k/1.0.0',
  'x+y',
  'file@2',
  'abc123',
];

const check = (text: string) => {
  const fast = readPlainCommitFile(text);
  let full: unknown;
  try {
    full = parseCommitFileYaml(text, 'test.yaml');
  } catch (err) {
    full = err;
  }
  if (fast !== null) expect(fast).toEqual(full);
  return fast;
};

describe('the plain commit-file reader', () => {
  it('reads the usual commit file, as the YAML parser does', () => {
    const text = stringifyCommitFile(base);
    expect(check(text)).not.toBeNull();
    expect(check(stringifyCommitFile({ ...base, _files: ['a.json', 'b.npy', 'c.pkl'] }))).not.toBeNull();
    expect(check(stringifyCommitFile({ ...base, _files: [] }))).not.toBeNull();
    expect(parseCommitFile(text, 'x')).toEqual(parseCommitFileYaml(text, 'x'));
  });

  it("reads the Python library's own commit files (fixtures) the same way", () => {
    let read = 0;
    for (const kind of ['mindtrace', 'zenml']) {
      const dir = join(import.meta.dirname, 'fixtures', kind);
      for (const name of readdirSync(dir).filter((n) => n.startsWith('_meta_'))) {
        if (check(readFileSync(join(dir, name), 'utf8')) !== null) read++;
      }
    }
    expect(read).toBeGreaterThan(0);
  });

  it('declines every value YAML 1.1 might read otherwise, wherever it appears', () => {
    for (const value of TRICKY) {
      for (const field of ['class', 'hash', 'materializer', 'path'] as const) {
        // As our writer (and PyYAML) writes it: quoted where needed, so the plain reader declines or agrees.
        check(stringifyCommitFile({ ...base, [field]: value }));
        // As a careless writer might: unquoted.
        const raw = stringifyCommitFile(base).replace(
          new RegExp(`^${field}: .*$`, 'm'),
          `${field}: ${value}`,
        );
        expect(check(raw)).toBeNull();
      }
      check(stringifyCommitFile({ ...base, _files: ['a.png', value] }));
      expect(check(stringifyCommitFile(base).replace('- image.png', `- ${value}`))).toBeNull();
    }
  });

  it('agrees on plain names in every field, and on missing fields', () => {
    for (const value of PLAIN) {
      for (const field of ['class', 'hash', 'materializer', 'path'] as const) {
        expect(check(stringifyCommitFile({ ...base, [field]: value }))).not.toBeNull();
      }
    }
    expect(check('class: builtins.str\nmaterializer: m\n')).toEqual({
      files: null,
      className: 'builtins.str',
      hash: null,
      materializer: 'm',
      metadata: {},
      path: null,
    });
  });

  it('declines any other shape: metadata, comments, CRLF, duplicates, indentation, documents', () => {
    const text = stringifyCommitFile(base);
    const variants = [
      stringifyCommitFile({ ...base, metadata: { a: 1 } }),
      stringifyCommitFile({ ...base, init_params: { x: 'y' } }),
      text.replace(/\n/g, '\r\n'),
      `# comment\n${text}`,
      `---\n${text}`,
      `${text}...\n`,
      `${text}class: again\n`,
      text.replace('- image.png', '  - image.png'),
      text.replace('_files:\n- image.png', '_files:'),
      text.replace('_files:\n- image.png', '_files: [image.png]'),
      text.replace('hash: ', 'hash:  '),
      `${text}extra: 1\n`,
      '',
      '- just\n- a list\n',
    ];
    for (const v of variants) expect(check(v)).toBeNull();
  });
});

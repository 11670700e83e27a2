import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RegistryError } from '#shared/errors';
import { type CommitFields, parseCommitFile, stringifyCommitFile } from './commit-file';

const base: CommitFields = {
  _files: ['data.json'],
  class: 'builtins.dict',
  hash: 'ab'.repeat(32),
  init_params: {},
  materializer: 'zenml.materializers.BuiltInContainerMaterializer',
  metadata: {},
  path: '/reg/k/1.0.0',
};

const metadataYaml = (metadata: Record<string, unknown>) =>
  stringifyCommitFile({ ...base, metadata })
    .split('metadata:')[1]
    .split('path:')[0];

describe('commit file', () => {
  it("quotes strings that YAML 1.1 would read as something else, as PyYAML's safe_dump does", () => {
    // Expected text printed by PyYAML 6: yaml.safe_dump({...}, sort_keys=True).
    const yaml = metadataYaml({
      yes: 'yes',
      no: 'No',
      on: 'on',
      off: 'OFF',
      null: 'null',
      tilde: '~',
      ver: '1.0',
      int: '12',
      date: '2024-01-01',
      ts: '2024-01-01 10:00:00',
      octal: '012',
      hex: '0x1F',
      sexa: '1:20',
      empty: '',
      lead: ' lead',
      colon: 'a: b',
      hashc: 'a #b',
      amp: '&a',
      eq: '=',
      merge: '<<',
      plain: 'a,b',
    });
    expect(yaml).toBe(
      [
        '',
        "  amp: '&a'",
        "  colon: 'a: b'",
        "  date: '2024-01-01'",
        "  empty: ''",
        "  eq: '='",
        "  hashc: 'a #b'",
        "  hex: '0x1F'",
        "  int: '12'",
        "  lead: ' lead'",
        "  merge: '<<'",
        "  'no': 'No'",
        "  'null': 'null'",
        "  octal: '012'",
        "  'off': 'OFF'",
        "  'on': 'on'",
        '  plain: a,b',
        "  sexa: '1:20'",
        "  tilde: '~'",
        "  ts: '2024-01-01 10:00:00'",
        "  ver: '1.0'",
        "  'yes': 'yes'",
        '',
      ].join('\n'),
    );
  });

  it('writes floats, dates and non-ASCII text as PyYAML does', () => {
    expect(metadataYaml({ f: [0.1, 1e-7, 2.5e-5, 1 / 3, 5e-324, 1e22, 1000000000000000.5] })).toBe(
      '\n  f:\n  - 0.1\n  - 1.0e-07\n  - 2.5e-05\n  - 0.3333333333333333\n  - 5.0e-324\n  - 1.0e+22\n  - 1000000000000000.5\n',
    );
    expect(
      metadataYaml({ d: new Date('2024-01-01T10:00:00.123Z'), e: new Date('2024-01-01T10:00:00Z') }),
    ).toBe('\n  d: 2024-01-01 10:00:00.123000+00:00\n  e: 2024-01-01 10:00:00+00:00\n');
    expect(metadataYaml({ city: 'Zürich', s: 'é\u2028\n\t"\\😀', '<<': { a: 1 } })).toBe(
      `\n  '<<':\n    a: 1\n  city: "Z\\xFCrich"\n  s: "\\xE9\\L\\n\\t\\"\\\\\\U0001F600"\n`,
    );
  });

  it('reads back what it writes, with the YAML 1.1 schema', () => {
    const metadata = {
      yes: 'yes',
      list: ['on', 1, 2.5, null, true, { nested: '1:20' }],
      when: new Date('2024-01-01T10:00:00.123Z'),
      text: 'line one\nline two\ttab \u0085 \u00a0 end',
      long: 'word '.repeat(40),
      '<<': '=',
    };
    const text = stringifyCommitFile({ ...base, metadata });
    expect(parse(text, { version: '1.1' }).metadata).toEqual(metadata);
    const parsed = parseCommitFile(text, 'test.yaml');
    expect(parsed).toEqual({
      files: ['data.json'],
      className: 'builtins.dict',
      hash: base.hash,
      materializer: base.materializer,
      metadata,
      path: '/reg/k/1.0.0',
    });
    expect(text).toMatch(/^[\x20-\x7e\n]*$/); // pure ASCII, like PyYAML with allow_unicode=False
  });

  it('reads commit files of older releases, and refuses garbage', () => {
    expect(parseCommitFile('class: builtins.str\nmaterializer: m\n', 'old.yaml')).toEqual({
      files: null,
      className: 'builtins.str',
      hash: null,
      materializer: 'm',
      metadata: {},
      path: null,
    });
    expect(() => parseCommitFile('- just\n- a list\n', 'bad.yaml')).toThrow(RegistryError);
    expect(() => parseCommitFile('a: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml/);
  });
});

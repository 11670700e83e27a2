import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQueryJson, lineColumn, parseJsonText, rangeOfPath } from './json-text';
import type { JsonValue } from './model';

const ok = (text: string) => {
  const r = parseJsonText(text);
  if (!r.ok) throw new Error(r.error.message);
  return r;
};

describe('parseJsonText', () => {
  it('reads exactly what JSON.parse reads (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(ok(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what JSON.parse refuses (property, on damaged JSON)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n'),
        (value, at, insert) => {
          const base = JSON.stringify(value);
          const i = at % (base.length + 1);
          const text = base.slice(0, i) + insert + base.slice(i + (insert === '' ? 1 : 0));
          let native: unknown = 'refused';
          try {
            native = JSON.parse(text);
          } catch {}
          const mine = parseJsonText(text);
          if (native === 'refused') expect(mine.ok).toBe(false);
          else expect(mine.ok && mine.value).toEqual(native);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const v = ok('{"__proto__": {"x": 1}}').value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('says where the syntax error is, in words', () => {
    const r = parseJsonText('[\n  {"column": "a",}\n]');
    expect(r).toEqual({
      ok: false,
      error: {
        message:
          'JSON syntax error at line 2, column 18: expected a property name in double quotes, found "}"',
        from: 19,
        to: 20,
      },
    });
    expect(parseJsonText('[{"a": 1}')).toMatchObject({
      ok: false,
      error: {
        message: expect.stringContaining('expected "," or "]" after an item, found the end of the text'),
      },
    });
    expect(parseJsonText('  ')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('the text is empty') },
    });
    expect(parseJsonText('{"a": "x\ny"}')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('line break') },
    });
  });

  it('notes duplicate keys (the last one wins, as in JSON.parse)', () => {
    const r = ok('{"a": 1, "a": 2}');
    expect(r.value).toEqual({ a: 2 });
    expect(r.duplicates).toEqual([{ key: 'a', path: ['a'], range: { from: 9, to: 12 } }]);
  });

  it('finds the text of a key, an item, or an object', () => {
    const text = '[\n  {"column": "a", "x": {"$in": 3}},\n  {"column": "b"}\n]';
    const r = ok(text);
    const slice = (path: Array<string | number>) => {
      const range = rangeOfPath(r, path);
      return range && text.slice(range.from, range.to);
    };
    expect(slice([0, 'x', '$in'])).toBe('"$in"');
    expect(slice([0, 'column'])).toBe('"column"');
    expect(slice([1])).toBe('{"column": "b"}');
    expect(slice([])).toBe('[');
    expect(slice([2])).toBeNull();
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('formatQueryJson', () => {
  it('writes each query object one key per line, short values on one line', () => {
    expect(
      formatQueryJson([
        { column: 'image_id', 'data.type': 'image', 'metadata.tags': { $in: ['a', 'b'] } },
        { column: 'label_id', derived_from: 'image_id' },
      ]),
    ).toBe(
      [
        '[',
        '  {',
        '    "column": "image_id",',
        '    "data.type": "image",',
        '    "metadata.tags": {"$in": ["a", "b"]}',
        '  },',
        '  {',
        '    "column": "label_id",',
        '    "derived_from": "image_id"',
        '  }',
        ']',
      ].join('\n'),
    );
  });

  it('breaks values longer than the width', () => {
    const text = formatQueryJson(
      [{ column: 'c', $or: [{ 'data.label': 'x'.repeat(50) }, { 'data.label': 'y'.repeat(50) }] }],
      80,
    );
    expect(text.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(text).toContain('    "$or": [\n      {"data.label": "xxx');
  });

  it('writes text that reads back as the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(ok(formatQueryJson(value as JsonValue)).value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('writes an empty list as []', () => {
    expect(formatQueryJson([])).toBe('[]');
  });
});

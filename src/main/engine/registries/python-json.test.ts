import { describe, expect, it } from 'vitest';
import { parsePythonJson, pythonFloatRepr, pythonJsonDumps, pythonNumber } from './python-json';

describe('python-json', () => {
  it("writes floats as Python's repr does", () => {
    // Expected values printed by CPython 3.11: [repr(v) for v in values].
    const cases: Array<[number, string]> = [
      [0.1, '0.1'],
      [1e-7, '1e-07'],
      [1.5e20, '1.5e+20'],
      [1e16, '1e+16'],
      [1e15 + 0.5, '1000000000000000.5'],
      [123.456, '123.456'],
      [-0.0001, '-0.0001'],
      [2.5e-5, '2.5e-05'],
      [1 / 3, '0.3333333333333333'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [100, '100.0'],
      [1e22, '1e+22'],
      [0, '0.0'],
      [-0, '-0.0'],
    ];
    for (const [value, repr] of cases) expect(pythonFloatRepr(value)).toBe(repr);
    expect(pythonNumber(100)).toBe('100');
    expect(pythonNumber(-3)).toBe('-3');
    expect(pythonNumber(2.5)).toBe('2.5');
    expect(pythonNumber(1e22)).toBe('1e+22');
  });

  it('writes what json.dumps writes', () => {
    // json.dumps({"a": [1, 2.5, None, True], "s": "é\u2028\n\t\"\\\x7f😀", "n": {}}) in CPython.
    const value = { a: [1, 2.5, null, true], s: 'é\u2028\n\t"\\\u007f😀', n: {} };
    expect(pythonJsonDumps(value)).toBe(
      '{"a": [1, 2.5, null, true], "s": "\\u00e9\\u2028\\n\\t\\"\\\\\\u007f\\ud83d\\ude00", "n": {}}',
    );
    expect(JSON.parse(pythonJsonDumps(value))).toEqual(value);
  });

  it('follows JSON.stringify for undefined, functions, toJSON and non-finite numbers', () => {
    expect(pythonJsonDumps({ a: undefined, b: () => 1, c: [undefined], d: Number.NaN })).toBe(
      '{"c": [null], "d": null}',
    );
    expect(pythonJsonDumps({ when: new Date('2024-01-01T00:00:00Z') })).toBe(
      '{"when": "2024-01-01T00:00:00.000Z"}',
    );
    expect(() => pythonJsonDumps(undefined)).toThrow(/Cannot store/);
    expect(pythonJsonDumps({ big: 2n ** 70n, n: -(2n ** 63n) })).toBe(
      '{"big": 1180591620717411303424, "n": -9223372036854775808}',
    );
  });

  it("reads Python's NaN and Infinity as null, leaving strings alone", () => {
    expect(parsePythonJson('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN Infinity"}')).toEqual({
      a: null,
      b: [null, null],
      c: 'NaN Infinity',
    });
    expect(() => parsePythonJson('{"a": nope}')).toThrow();
  });

  it('reads integers beyond 2^53 as bigints, exactly, and leaves strings and floats alone', () => {
    expect(
      parsePythonJson('{"a": 9007199254740993, "b": [-18446744073709551616, 9007199254740991], "c": 1e400}'),
    ).toEqual({ a: 9007199254740993n, b: [-18446744073709551616n, 9007199254740991], c: Infinity });
    expect(parsePythonJson('{"s": "12345678901234567890", "f": 12345678901234567890.5}')).toEqual({
      s: '12345678901234567890',
      f: Number('12345678901234567890.5'),
    });
    expect(parsePythonJson('[NaN, 12345678901234567890]')).toEqual([null, 12345678901234567890n]);
  });
});

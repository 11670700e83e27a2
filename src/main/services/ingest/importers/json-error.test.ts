import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error';

describe('jsonErrorOffset', () => {
  it('finds the first character where JSON.parse gives up', () => {
    const cases: Array<[string, number]> = [
      ['{"a": 1}', -1],
      ['[1, 2, {"b": [true, false, null, "x\\u00e9"]}]', -1],
      ['{"a": 1,, }', 8],
      ['[1, 2', 5],
      ['{"a" 1}', 5],
      ['"unterminated', 13],
      ['[01]', 2],
      ['{"a": tru}', 6],
      ['[1] x', 4],
      ['"bad \\q escape"', 6],
    ];
    for (const [text, offset] of cases) {
      expect(jsonErrorOffset(text), text).toBe(offset);
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(parses, text).toBe(offset === -1);
    }
  });
});

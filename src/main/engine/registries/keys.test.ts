import { describe, expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import { assertSafeRelPath, assertValidKey, comparePaths, metaFileName, sortPaths } from './keys';

describe('registry keys', () => {
  it('accepts UUIDs and ordinary names', () => {
    for (const key of [
      '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
      'test:int',
      'a.b',
      'a..b',
      'name with space',
    ]) {
      expect(() => assertValidKey(key)).not.toThrow();
    }
  });

  it('rejects keys that could leave the root, naming them', () => {
    for (const key of ['', '.', '..', '../x', '/abs', 'a/b', 'a\\b', 'x\u0000', 'tab\t', 'C:x', ' padded ']) {
      expect(() => assertValidKey(key)).toThrow(RegistryError);
      expect(() => assertValidKey(key)).toThrow(JSON.stringify(key));
    }
    expect(() => assertValidKey(42 as unknown as string)).toThrow(RegistryError);
  });

  it('checks relative paths segment by segment', () => {
    expect(() => assertSafeRelPath('k/1.0.0/data.json')).not.toThrow();
    for (const bad of ['', '/x', 'a//b', 'a/./b', 'a/../b', '..', 'a\\b', 'C:/x', 'a/']) {
      expect(() => assertSafeRelPath(bad)).toThrow(RegistryError);
    }
  });

  it('names commit files as the Python library does', () => {
    expect(metaFileName('abc', '1.0.0')).toBe('_meta_abc@1.0.0.yaml');
    expect(metaFileName('test:int', '1')).toBe('_meta_test_int@1.yaml');
  });

  it("sorts paths in Python's Path order", () => {
    expect(sortPaths(['a-b', 'a/b', 'B', 'a', '\u{1F600}', '\uff5e'])).toEqual([
      'B',
      'a',
      'a/b',
      'a-b',
      '\uff5e',
      '\u{1F600}',
    ]);
    expect(comparePaths('x', 'x')).toBe(0);
  });
});

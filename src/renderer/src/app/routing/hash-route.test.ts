import { describe, expect, it } from 'vitest';
import { matchPattern, parseHash, toHash } from './hash-route';

describe('hash routes', () => {
  it('parses paths and queries, with / for an empty hash', () => {
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#').path).toBe('/');
    expect(parseHash('#/overview/').path).toBe('/overview');
    const loc = parseHash('#/graph/abc?row=a,b&depth=2');
    expect(loc.path).toBe('/graph/abc');
    expect(loc.query.get('row')).toBe('a,b');
    expect(loc.query.get('depth')).toBe('2');
    expect(parseHash('#/query?q=a?b&x=1').query.get('q')).toBe('a?b');
    expect(parseHash('#/query?q=a?b&x=1').query.get('x')).toBe('1');
  });

  it('matches patterns with parameters and refuses other shapes', () => {
    const m = matchPattern('/datum/:id', parseHash('#/datum/65f0a1b2c3d4e5f6a7b8c9d0?x=1'));
    expect(m?.params).toEqual({ id: '65f0a1b2c3d4e5f6a7b8c9d0' });
    expect(m?.query.get('x')).toBe('1');
    expect(matchPattern('/datum/:id', parseHash('#/datum'))).toBeNull();
    expect(matchPattern('/datum/:id', parseHash('#/graph/x'))).toBeNull();
    expect(matchPattern('/overview', parseHash('#/overview'))?.params).toEqual({});
    expect(matchPattern('/datum/:id', parseHash('#/datum/a%20b'))?.params.id).toBe('a b');
    expect(matchPattern('/datum/:id', parseHash('#/datum/%E0%A4%A'))).toBeNull();
  });

  it('builds hrefs that parse back to the same route', () => {
    const href = toHash('/graph/abc', { row: 'a,b', depth: undefined });
    expect(href).toBe('#/graph/abc?row=a%2Cb');
    expect(parseHash(href).query.get('row')).toBe('a,b');
  });
});

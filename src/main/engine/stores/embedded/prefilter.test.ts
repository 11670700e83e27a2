/**
 * What the prefilter translates, and what it leaves to the matcher. Its safety (never dropping a match)
 * is the property test beside this file; these cases pin down that the common filters use the indexes.
 */
import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { type EncodeFlags, noFlags } from './codec';
import { SqlParams, translateFilter } from './prefilter';

const oid = new ObjectId('64b000000000000000000001');

function sql(filter: Record<string, unknown>, flags: EncodeFlags = noFlags()) {
  const cond = translateFilter(filter, flags);
  const params = new SqlParams();
  return { sql: params.render(cond), params: params.values, exact: cond.exact };
}

describe('prefilter translation', () => {
  it('uses the key columns exactly for _id, derived_from and added_at', () => {
    expect(sql({ derived_from: { $in: [oid, null] } })).toEqual({
      sql: '(derived_from = ANY($1::text[])) OR (derived_from IS NULL)',
      params: [[oid.toHexString()]],
      exact: true,
    });
    const d = new Date('2024-01-01T00:00:00Z');
    expect(sql({ _id: oid, added_at: { $gte: d } })).toEqual({
      sql: '(id = $1::text) AND (added_at >= $2::bigint)',
      params: [oid.toHexString(), d.getTime()],
      exact: true,
    });
    expect(sql({ derived_from: { $ne: null } })).toMatchObject({
      sql: '(derived_from IS NULL) IS NOT TRUE',
      exact: true,
    });
    expect(sql({ _id: { $in: [] } })).toMatchObject({ sql: 'FALSE', exact: true });
    expect(sql({})).toMatchObject({ sql: 'TRUE', exact: true });
  });

  it('turns equality at a path into containment over each array shape', () => {
    const { sql: text, params, exact } = sql({ 'data.type': 'image' });
    // Exact for a plain scalar (the property test checks every exact claim against the matcher).
    expect(exact).toBe(true);
    expect(sql({ 'data.n': { $in: [1, 'x', true] } }).exact).toBe(true);
    expect(sql({ 'data.sub': { a: 1 } }).exact).toBe(false);
    expect(sql({ 'metadata.parent': oid }).exact).toBe(false);
    expect(text).toBe('body @> $1::jsonb OR body @> $2::jsonb OR body @> $3::jsonb OR body @> $4::jsonb');
    expect(params.map((p) => JSON.parse(p as string))).toEqual([
      { data: { type: 'image' } },
      { data: [{ type: 'image' }] },
      { data: { type: ['image'] } },
      { data: [{ type: ['image'] }] },
    ]);
    // BSON values use their stored (canonical Extended JSON) form.
    expect(sql({ 'metadata.parent': oid }).params[0]).toBe(
      JSON.stringify({ metadata: { parent: { $oid: oid.toHexString() } } }),
    );
  });

  it('leaves out array shapes at paths where no stored document ever held an array', () => {
    const none = { ...noFlags(), arrayPaths: new Set<string>() };
    expect(sql({ 'data.type': 'image' }, none)).toMatchObject({ sql: 'body @> $1::jsonb', exact: true });
    const dataIsArray = { ...noFlags(), arrayPaths: new Set(['data']) };
    expect(sql({ 'data.type': 'image' }, dataIsArray).params.map((p) => JSON.parse(p as string))).toEqual([
      { data: { type: 'image' } },
      { data: [{ type: 'image' }] },
    ]);
    const tagsAreArrays = { ...noFlags(), arrayPaths: new Set(['metadata.tags']) };
    expect(sql({ 'metadata.tags': 'cat' }, tagsAreArrays).params.map((p) => JSON.parse(p as string))).toEqual(
      [{ metadata: { tags: 'cat' } }, { metadata: { tags: ['cat'] } }],
    );
  });

  it('combines $and, $in, $all and $elemMatch, and gives up on $or branches it cannot translate', () => {
    expect(sql({ $and: [{ 'metadata.project': 'P' }, { derived_from: oid }] }).sql).toContain(
      'derived_from = $',
    );
    expect(sql({ tags: { $in: ['a', 'b'] } }).params).toHaveLength(4);
    expect(sql({ tags: { $all: ['a', 'b'] } }).sql).toContain(' AND ');
    expect(sql({ items: { $elemMatch: { k: 1, v: { $gt: 2 } } } }).params).toHaveLength(4);
    expect(sql({ $or: [{ a: 1 }, { b: { $regex: 'x' } }] })).toMatchObject({ sql: 'TRUE', exact: false });
    expect(sql({ $or: [{ a: 1 }, { b: 2 }] }).params).toHaveLength(4);
  });

  it('leaves to the matcher what containment cannot decide', () => {
    for (const filter of [
      { a: null },
      { a: { $ne: 1 } },
      { a: { $gt: 1 } },
      { a: { $exists: true } },
      { a: /x/ },
      { 'a.0': 1 },
      { $nor: [{ a: 1 }] },
      { $expr: { $eq: ['$a', 1] } },
      { 'a.b.c.d.e': 1 },
    ]) {
      expect(sql(filter)).toMatchObject({ sql: 'TRUE', exact: false });
    }
  });

  it('stops trusting plain numbers or strings once wrapped ones are stored', () => {
    const flags = { ...noFlags(), exoticNumbers: true };
    expect(sql({ a: 1 }, flags).sql).toBe('TRUE');
    expect(sql({ a: 'x' }, flags).sql).not.toBe('TRUE');
    expect(sql({ a: 'x' }, { ...noFlags(), exoticStrings: true }).sql).toBe('TRUE');
    expect(sql({ a: oid }, { ...noFlags(), wrappedObjects: true }).sql).toBe('TRUE');
  });

  it('switches long $in lists to one non-indexed ANY', () => {
    const many = sql({ 'metadata.n': { $in: Array.from({ length: 40 }, (_, i) => `v${i}`) } });
    expect(many.sql).toBe('body @> ANY($1::jsonb[])');
    expect(many.params[0]).toHaveLength(160);
  });
});

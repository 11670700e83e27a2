/**
 * Property: the SQL prefilter never drops a document that the exact matcher selects, and when it claims
 * to be exact it selects exactly those documents. Random documents (mixed scalars, nulls, nested
 * arrays, sub-documents, arrays of sub-documents, dates, ObjectIds, binaries, exotic numbers and strings)
 * are inserted into a real PGlite table; random filters (equality, $in/$nin, comparisons across types,
 * $exists, $regex, $type, $size, $all, $elemMatch, $not, $mod, $and/$or/$nor, dotted paths with array
 * offsets, key columns) run as SQL and through the matcher over every document.
 */
import { PGlite } from '@electric-sql/pglite';
import { Binary, BSONSymbol, Decimal128, Double, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFilter } from '#shared/query/validate';
import type { DatumDocument } from '../../types';
import { decodeDocument, type EncodeFlags, noFlags } from './codec';
import { compileMatcher } from './matcher';
import { SqlParams, translateFilter } from './prefilter';
import { encodeRow } from './rows';
import { SCHEMA_SQL } from './schema';

const RUNS = Number(process.env.PREFILTER_RUNS ?? 800);

const OIDS = Array.from(
  { length: 16 },
  (_, i) => new ObjectId(`64b0000000000000000000${i.toString(16).padStart(2, '0')}`),
);
const DATES = [new Date(0), new Date('2024-01-01T00:00:00Z'), new Date('2024-06-01T00:00:00.123Z')];
const KEYS = ['a', 'b', 'c'];

const plainScalar = fc.oneof(
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(1.5, -0.5, 2147483648, 1e300),
  fc.constantFrom('x', 'y', 'X', 'xy', '', '3'),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...DATES),
  fc.constantFrom(...OIDS.slice(0, 3)),
  fc.constantFrom(
    new Binary(Buffer.from([1, 2]), 0),
    new Binary(Buffer.from([1, 2]), 5),
    Buffer.from([1, 2]),
  ),
);
/** Values whose stored form is a wrapper: rarer, so most runs keep the indexed prefilters on. */
const exoticScalar = fc.constantFrom<unknown>(
  Long.fromNumber(1),
  Long.fromString('9007199254740993'),
  Decimal128.fromString('2'),
  new Double(1),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  'x\u0000y',
  new BSONSymbol('x'),
);
const scalar = fc.oneof({ weight: 12, arbitrary: plainScalar }, { weight: 1, arbitrary: exoticScalar });

function valueArb(withExotic: boolean): fc.Arbitrary<unknown> {
  const leaf = withExotic ? scalar : plainScalar;
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
      { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS, '0'), tie('value'), { maxKeys: 3 }) },
    ),
  })).value;
}
const value = valueArb(true);

// One case in five stores wrapped numbers or strings, which turns the number/string prefilters off.
const docsArb = fc
  .oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
  .chain((exotic) => {
    const v = valueArb(exotic);
    return fc
      .array(
        fc.record({
          derived_from: fc.oneof(fc.constant(null), fc.constantFrom(...OIDS.slice(0, 4))),
          added_at: fc.constantFrom(...DATES),
          a: fc.option(v, { nil: undefined }),
          b: fc.option(v, { nil: undefined }),
          c: fc.option(v, { nil: undefined }),
        }),
        { minLength: 3, maxLength: 12 },
      )
      .map((rows) =>
        rows.map((r, i) => {
          const doc: Record<string, unknown> = {
            _id: OIDS[i],
            derived_from: r.derived_from,
            added_at: r.added_at,
          };
          for (const k of KEYS) if (r[k as 'a'] !== undefined) doc[k] = r[k as 'a'];
          return doc;
        }),
      );
  });

const typeName = fc.constantFrom(
  'string',
  'number',
  'array',
  'objectId',
  'date',
  'null',
  'double',
  'int',
  'long',
  'bool',
  'object',
  'binData',
  'decimal',
);

/** Values and dotted paths found in the documents, so that filters often hit something. */
function harvest(docs: Array<Record<string, unknown>>): {
  values: unknown[];
  paths: string[];
  pairs: Array<[string, unknown]>;
} {
  const values: unknown[] = [];
  const paths = new Set<string>();
  const pairs: Array<[string, unknown]> = [];
  const walk = (v: unknown, path: string[]) => {
    if (path.length > 0) {
      values.push(v);
      if (path.length <= 3) {
        paths.add(path.join('.'));
        pairs.push([path.join('.'), v]);
      }
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, path); // MongoDB paths skip array levels...
        if (i < 2) walk(x, [...path, String(i)]); // ...or name an offset
      });
    } else if (isPlainDoc(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    }
  };
  for (const d of docs) {
    for (const k of KEYS) if (k in d) walk(d[k], [k]);
    for (const k of ['_id', 'derived_from', 'added_at']) pairs.push([k, d[k]]);
  }
  return { values, paths: [...paths], pairs };
}

const isPlainDoc = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function filterArb(docs: Array<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const pool = harvest(docs);
  const keyValue = fc.oneof(
    { weight: 3, arbitrary: pool.values.length ? fc.constantFrom(...pool.values) : value },
    { weight: 2, arbitrary: value },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...OIDS.slice(0, 6), ...DATES) },
  );
  const path = fc.oneof(
    { weight: 4, arbitrary: pool.paths.length ? fc.constantFrom(...pool.paths) : fc.constant('a') },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom('a', 'b', 'c', '0', '1'), { minLength: 1, maxLength: 3 })
        .map((p) => p.join('.')),
    },
    { weight: 1, arbitrary: fc.constantFrom('_id', 'derived_from', 'added_at') },
  );
  const operatorObject = fc.oneof(
    fc.record({ $eq: keyValue }),
    fc.record({ $ne: keyValue }),
    fc.record({ $gt: keyValue }),
    fc.record({ $gte: keyValue }),
    fc.record({ $lt: keyValue }),
    fc.record({ $lte: scalar }),
    fc.record({ $in: fc.array(keyValue, { minLength: 1, maxLength: 4 }) }),
    fc.record({ $nin: fc.array(keyValue, { maxLength: 3 }) }),
    fc.record({ $exists: fc.boolean() }),
    fc.record({ $regex: fc.constantFrom('^x', 'y$', 'X'), $options: fc.constantFrom('', 'i') }),
    fc.record({ $type: typeName }),
    fc.record({ $size: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ $all: fc.array(keyValue, { minLength: 0, maxLength: 2 }) }),
    fc.record({ $mod: fc.tuple(fc.constant(2), fc.integer({ min: 0, max: 1 })) }),
    fc.record({ $not: fc.oneof(fc.record({ $eq: keyValue }), fc.record({ $gt: scalar }), fc.constant(/x/)) }),
    fc.record({
      $elemMatch: fc.oneof(
        fc.record({ $eq: keyValue }),
        fc.record({ $in: fc.array(keyValue, { maxLength: 2 }) }),
        fc.record({ $gt: scalar }),
      ),
    }),
    fc.record({
      $elemMatch: fc.dictionary(
        fc.constantFrom(...KEYS),
        fc.oneof(keyValue, fc.record({ $in: fc.array(keyValue, { maxLength: 2 }) })),
        { minKeys: 1, maxKeys: 2 },
      ),
    }),
    fc.record({ $gt: scalar, $lt: scalar }),
  );
  // A condition built from a value that really sits at that path in some document.
  const hit = pool.pairs.length
    ? fc.constantFrom(...pool.pairs).chain(([p, v]) =>
        fc
          .oneof(
            fc.constant<unknown>(v),
            fc.constant({ $eq: v }),
            keyValue.map((w) => ({ $in: [w, v] })),
            fc.constant({ $gte: v }),
            fc.constant({ $lte: v }),
            fc.constant({ $ne: v }),
            fc.constant({ $nin: [v] }),
            fc.constant({ $all: [v] }),
            fc.constant({ $elemMatch: { $eq: v } }),
            fc.constant({ $not: { $eq: v } }),
          )
          .map((cond) => ({ [p]: cond })),
      )
    : fc.constant({ a: 1 });
  const { filter } = fc.letrec<{ filter: Record<string, unknown> }>((tie) => ({
    filter: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 8, arbitrary: hit },
      {
        weight: 8,
        arbitrary: fc.dictionary(path, fc.oneof(keyValue, operatorObject), { minKeys: 1, maxKeys: 1 }),
      },
      {
        weight: 2,
        arbitrary: fc.dictionary(path, fc.oneof(keyValue, operatorObject), { minKeys: 2, maxKeys: 2 }),
      },
      {
        weight: 1,
        arbitrary: fc.array(tie('filter'), { minLength: 1, maxLength: 2 }).map(($and) => ({ $and })),
      },
      {
        weight: 1,
        arbitrary: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map(($or) => ({ $or })),
      },
      {
        weight: 1,
        arbitrary: fc.array(tie('filter'), { minLength: 1, maxLength: 2 }).map(($nor) => ({ $nor })),
      },
    ),
  }));
  return filter;
}

const caseArb = docsArb.chain((docs) =>
  fc.tuple(fc.constant(docs), fc.array(filterArb(docs), { minLength: 1, maxLength: 6 })),
);

describe('prefilter (property, real PGlite)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(SCHEMA_SQL);
  });
  afterAll(async () => {
    await db?.close();
  });

  it(`never drops a document the matcher selects (${RUNS} runs)`, { timeout: 120_000 }, async () => {
    let exactChecks = 0;
    let translated = 0;
    let filtersRun = 0;
    let nonEmpty = 0;
    let pruned = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ([docs, filters]) => {
        await db.exec('TRUNCATE datum');
        // Alternate between a store that tracks array paths (as new stores do) and one that does not.
        const flags: EncodeFlags = { ...noFlags(), arrayPaths: ++runs % 2 === 0 ? new Set<string>() : null };
        const rows = docs.map((d) => encodeRow(d as unknown as DatumDocument, flags));
        await db.query(
          `INSERT INTO datum (id, derived_from, added_at, doc)
           SELECT e->>'i', e->>'p', (e->>'t')::bigint, e->'d' FROM json_array_elements($1::json) e`,
          [`[${rows.join(',')}]`],
        );
        for (const f of filters) {
          validateFilter(f, 'property test');
          const cond = translateFilter(f, flags);
          const params = new SqlParams();
          const { rows: found } = await db.query<{ id: string }>(
            `SELECT id FROM datum WHERE ${params.render(cond)}`,
            params.values,
          );
          const sqlIds = new Set(found.map((r) => r.id));
          const match = compileMatcher(f);
          const { rows: all } = await db.query<{ id: string; doc: unknown }>('SELECT id, doc FROM datum');
          const expected = all.filter((r) => match(decodeDocument(r.doc).doc)).map((r) => r.id);
          for (const id of expected) {
            if (!sqlIds.has(id)) {
              throw new Error(
                `prefilter dropped ${id} for ${describeFilter(f)}: ${cond.sql} ${JSON.stringify(params.values)}`,
              );
            }
          }
          filtersRun++;
          if (expected.length > 0) nonEmpty++;
          if (sqlIds.size < all.length) pruned++;
          if (cond.sql !== 'TRUE') translated++;
          if (cond.exact) {
            exactChecks++;
            expect([...sqlIds].sort()).toEqual([...expected].sort());
          }
        }
      }),
      { numRuns: RUNS },
    );
    console.log(
      `prefilter property: ${filtersRun} filters, ${nonEmpty} with matches, ${translated} translated, ` +
        `${pruned} pruned rows in SQL, ${exactChecks} exact`,
    );
    // The generators must exercise the translations, not only the TRUE fallback.
    expect(translated).toBeGreaterThan(RUNS / 2);
    expect(exactChecks).toBeGreaterThan(RUNS / 10);
  });
});

describe('matcher (property)', () => {
  it('$in is the $or of $eq over its values (hashed $in agrees with the comparison)', () => {
    fc.assert(
      fc.property(
        docsArb,
        fc.array(value, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('a', 'b', 'a.a', 'c.0'),
        (docs, list, p) => {
          const hashed = compileMatcher({ [p]: { $in: list } });
          const ored = compileMatcher({ $or: list.map((v) => ({ [p]: { $eq: v } })) });
          for (const d of docs) {
            const doc = decodeDocument(JSON.parse(encodeRow(d as unknown as DatumDocument, noFlags())).d).doc;
            expect(hashed(doc)).toBe(ored(doc));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

function describeFilter(f: unknown): string {
  return JSON.stringify(f, (_k, v) =>
    v instanceof RegExp ? String(v) : typeof v === 'bigint' ? String(v) : v,
  );
}

/**
 * Each generator's output read back gives the same query: JSON by JSON.parse, Python by Python's own parser
 * (read-python-query.py), TypeScript by type-checking the module and running it on a real embedded datalake,
 * where it must print exactly the engine's rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Datalake } from '../../main/engine';
import type { QueryObject } from '../query/types';
import { type ExportTarget, PASSWORD_ENV, queryToJson, queryToPython, queryToTypeScript } from './index';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'dlb-query-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const QUERY: QueryObject[] = [
  {
    column: 'image_id',
    'metadata.project': 'P',
    'data.type': 'image',
    added_at: { $gte: { $date: '2024-01-01T00:00:00.000Z' }, $lt: { $date: '2031-06-30T12:34:56.789Z' } },
    $or: [{ 'metadata.split': { $in: ['train', 'val'] } }, { 'metadata.quality': { $gt: 0.5 } }],
  },
  {
    column: 'label_id',
    derived_from: 'image_id',
    strategy: 'latest',
    'data.type': 'classification',
    'data.label': { $regex: '^c"a\\\\t', $options: 'i' },
    'metadata.model': { $ne: null },
    'metadata.reviewer': { $nin: [{ $oid: '65f0a1b2c3d4e5f6a7b8c9d0' }] },
    'data.count': { $numberLong: '9007199254740993' },
    'data.offset': { $numberLong: '-9007199254740993' },
    'data.delta': -3,
  },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox', 'data.flags': [] },
];

const MONGO: ExportTarget = {
  name: 'Staging',
  kind: 'mongodb',
  uriRedacted: 'mongodb://alice:***@db.example:27017/?authSource=admin',
  dbName: 'lake',
  timestamps: 'utc',
};

function readPython(script: string): { query: unknown; datumsWanted: unknown; transpose: unknown } {
  const file = join(scratch, `q${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, script);
  const out = execFileSync('python3', [join(import.meta.dirname, 'read-python-query.py'), file], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('queries as code', () => {
  it('JSON is exactly the query list', () => {
    expect(JSON.parse(queryToJson({ query: QUERY }))).toEqual(QUERY);
  });

  it('Python reads back as the same query, options and values, with the password left to the environment', () => {
    for (const call of ['aggregation', 'loop'] as const) {
      const script = queryToPython({ query: QUERY, datumsWanted: 25, transpose: true }, MONGO, { call });
      expect(readPython(script)).toEqual({ query: QUERY, datumsWanted: 25, transpose: true });
      expect(script).not.toContain('***');
      expect(script).toContain(`quote_plus(os.environ["${PASSWORD_ENV}"])`);
      expect(script).toContain(
        call === 'aggregation' ? 'await datalake.query_data(' : 'await datalake.query_data_legacy(',
      );
      expect(script).toContain('datetime(2031, 6, 30, 12, 34, 56, 789000, tzinfo=timezone.utc)');
      expect(script).toContain('ObjectId("65f0a1b2c3d4e5f6a7b8c9d0")');
    }
    const plain = queryToPython({ query: [{ column: 'a' }] }, { ...MONGO, uriRedacted: 'mongodb://h:1/' });
    expect(readPython(plain)).toEqual({ query: [{ column: 'a' }], datumsWanted: null, transpose: false });
    expect(plain).not.toContain('import os');
    expect(plain).not.toContain('from bson');
  });

  it('says in the Python script when the datalake is the embedded one', () => {
    const script = queryToPython(
      { query: [{ column: 'a' }] },
      { name: 'Embedded', kind: 'embedded', path: '/x', timestamps: 'utc' },
    );
    expect(script).toMatch(/embedded datalake \(a local folder\), which Python cannot open/);
  });

  it('TypeScript type-checks and prints the engine’s own rows on the same datalake', async () => {
    const lake = join(scratch, 'lake');
    const dl = await Datalake.open({ embeddedPath: lake });
    const images = await dl.addData(
      Array.from({ length: 6 }, (_, i) => ({
        data: { type: 'image', i },
        metadata: { project: 'P', split: i % 2 ? 'train' : 'test', quality: i / 5 },
      })),
    );
    const labels = await dl.addData(
      images.slice(0, 4).map((img) => ({
        data: { type: 'classification', label: 'Cat' },
        metadata: { model: 'm' },
        derivedFrom: img.id,
      })),
    );
    await dl.addData([{ data: { type: 'bbox' }, derivedFrom: labels[0].id }]);
    const query: QueryObject[] = [
      {
        column: 'image_id',
        'metadata.project': 'P',
        $or: [{ 'metadata.split': 'train' }, { 'metadata.quality': { $gt: 0.5 } }],
      },
      { column: 'label_id', derived_from: 'image_id', 'data.label': { $regex: '^c', $options: 'i' } },
      { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing' },
    ];
    const expected = await dl.queryData(query, { datumsWanted: 10 });
    await dl.close();
    expect((expected as unknown[]).length).toBeGreaterThan(0);

    // Inside the repository, so the module's import of the engine resolves as it would for a user.
    const dir = join(ROOT, '.cache', 'query-export-test', Math.random().toString(36).slice(2));
    mkdirSync(dir, { recursive: true });
    try {
      const engineImport = relative(dir, join(ROOT, 'src/main/engine')).replaceAll('\\', '/');
      const code = queryToTypeScript(
        { query, datumsWanted: 10 },
        { name: 'Embedded', kind: 'embedded', path: lake, timestamps: 'utc' },
        { engineImport },
      );
      const file = join(dir, 'query.ts');
      writeFileSync(file, code);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: relative(dir, join(ROOT, 'tsconfig.node.json')), include: ['query.ts'] }),
      );
      execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(dir, 'tsconfig.json')], {
        encoding: 'utf8',
      });
      const printed = execFileSync(process.execPath, ['--import', 'tsx', file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(JSON.parse(printed)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('TypeScript for MongoDB reads the password from the environment', () => {
    const code = queryToTypeScript({ query: QUERY, transpose: true }, MONGO);
    expect(code).not.toContain('***');
    expect(code).toContain(`encodeURIComponent(requireEnv("${PASSWORD_ENV}"))`);
    expect(code).toContain('{ transpose: true }');
    const literal = code.slice(
      code.indexOf('const query: QueryObject[] = ') + 29,
      code.indexOf(';\n\nconst dl'),
    );
    expect(JSON.parse(literal)).toEqual(QUERY);
  });
});

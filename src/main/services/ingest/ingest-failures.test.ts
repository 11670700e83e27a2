/**
 * Bad input during ingestion: a corrupt image, a registry that cannot be written or goes away midway,
 * records with a bad line, a large file to S3 (multipart, streamed). Each gets a clear message naming the
 * file, the rest of the batch lands, and nothing half-written stays behind.
 */
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOptionsSchema } from '#shared/contract';
import { RegistryError } from '#shared/errors';
import { createTestS3Bucket, testMongoUri, testS3Options, uniqueName } from '../../../test-support/env';
import { Datalake } from '../../engine';
import { runIngest } from './ingest-job';
import { batchDatums, bySource, expectConsistent, ingestPaths } from './ingest-test-kit';
import { prepareIngest } from './prepare';
import { fakeProgress } from './progress-sink';
import { CORRUPT_PNG, fixturePng, writeManyImages } from './test-fixtures';

describe('ingestion failures [embedded]', () => {
  let dl: Datalake;
  let root: string;
  let registry: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ingest-fail-'));
    dl = await Datalake.open({ embeddedPath: join(root, 'store'), registries: { s3: testS3Options() } });
    registry = pathToFileURL(join(root, 'registry')).href;
  });
  afterAll(async () => {
    await dl?.close();
  });

  it('reports a corrupt image by name while the other files land', async () => {
    const dir = join(root, 'mixed');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'good.png'), fixturePng(16, 16, 7));
    await writeFile(join(dir, 'broken.png'), CORRUPT_PNG);
    await writeFile(join(dir, 'notes.csv'), 'a,b\n1,2\n');
    const run = await ingestPaths(dl, [dir], { target: { kind: 'registry', uri: registry } });
    expect(run.result).toMatchObject({ written: 2, failed: 1, errorCount: 1 });
    expect(run.result.errors[0]).toMatchObject({
      item: 'mixed/broken.png',
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/mixed\/broken\.png is not a readable image/),
      },
    });
    const datums = bySource(await batchDatums(dl, run.batchId));
    expect([...datums.keys()].sort()).toEqual([
      'mixed/good.png',
      'mixed/good.png#payload',
      'mixed/notes.csv',
      'mixed/notes.csv#payload',
    ]);
    expect(datums.get('mixed/notes.csv')!.data).toMatchObject({
      type: 'file',
      filename: 'notes.csv',
      mime: 'text/csv',
      size: 8,
    });
  });

  it('reports a file that cannot be read any more (gone since the drop) while the others land', async () => {
    const dir = join(root, 'vanishing');
    await writeManyImages(dir, 3, 'p', 8, 200_000);
    const options = ingestOptionsSchema.parse({
      sources: [{ kind: 'path', path: join(dir, 'p') }],
      target: { kind: 'registry', uri: registry },
    });
    const prepared = await prepareIngest(dl, options, {
      host: 'electron',
      upload: () => ({ path: '', size: 0 }),
    });
    await rm(join(dir, 'p', 'img-000001.png'));
    const result = await runIngest({
      dl,
      drop: prepared.drop,
      planProblems: prepared.problems,
      options,
      batchId: prepared.batchId,
      registryUri: prepared.registryUri,
      concurrency: 2,
      signal: new AbortController().signal,
      progress: fakeProgress(),
    });
    expect(result).toMatchObject({ written: 2, failed: 1 });
    expect(result.errors[0]).toMatchObject({
      item: 'p/img-000001.png',
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/p\/img-000001\.png cannot be read: .*ENOENT/),
      },
    });
  });

  it('reports every file when the registry cannot be written, and writes no datum', async () => {
    const dir = join(root, 'three');
    await writeManyImages(dir, 3, 'p', 8, 300_000);
    await writeFile(join(root, 'not-a-folder'), 'x');
    const uri = pathToFileURL(join(root, 'not-a-folder', 'registry')).href;
    const run = await ingestPaths(dl, [join(dir, 'p')], { target: { kind: 'registry', uri } });
    expect(run.result).toMatchObject({ written: 0, failed: 3 });
    for (const e of run.result.errors) {
      expect(e.error.code).toBe('REGISTRY');
      expect(e.error.message).toContain('not-a-folder');
    }
    expect(await batchDatums(dl, run.batchId)).toEqual([]);
  });

  it('stops when the registry goes away midway; what landed is whole and a re-run finishes', async () => {
    const dir = join(root, 'away');
    // Several groups (of 128 files, ingest-job.ts): the first lands, the registry goes away before the rest.
    await writeManyImages(dir, 400, 'p', 8, 400_000);
    const regDir = join(root, 'away-registry');
    const uri = pathToFileURL(regDir).href;
    let gone = false;
    const first = ingestPaths(
      dl,
      [join(dir, 'p')],
      { target: { kind: 'registry', uri } },
      {
        concurrency: 1,
        onWritten: () => {
          if (gone) return;
          gone = true;
          // The folder disappears (an unmounted disk): a file now sits where it was.
          void rename(regDir, `${regDir}.away`).then(() => writeFile(regDir, 'gone'));
        },
      },
    );
    await expect(first).rejects.toThrow(RegistryError);
    await expect(first).rejects.toThrow(
      /Ingestion stopped: 10 files in a row failed .*drop the same files again/,
    );
    await rm(regDir);
    await rename(`${regDir}.away`, regDir);
    const batch = (await ingestPaths(dl, [join(dir, 'p')], { target: { kind: 'registry', uri } })).batchId;
    const all = await batchDatums(dl, batch);
    expect(all).toHaveLength(800);
    await expectConsistent(dl, all);
  });

  it('ingests JSONL and JSON records inline, naming the line that is not JSON', async () => {
    const dir = join(root, 'records');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'rows.jsonl'), '{"a": 1}\n{"a": 2,,}\n\n{"a": 3}\n');
    await writeFile(join(dir, 'list.json'), JSON.stringify([{ b: 1 }, { b: 2 }]));
    const run = await ingestPaths(dl, [dir], { target: { kind: 'inline' }, metadata: { project: 'rec' } });
    expect(run.result).toMatchObject({ written: 2, failed: 0, datums: 4, errorCount: 1 });
    expect(run.result.errors[0].item).toBe('records/rows.jsonl:2');
    expect(run.result.errors[0].error.message).toMatch(/line 2 of records\/rows\.jsonl is not JSON/);
    const datums = bySource(await batchDatums(dl, run.batchId));
    expect(datums.get('records/rows.jsonl:4')!.data).toEqual({ a: 3 });
    expect(datums.get('records/list.json#[1]')!.data).toEqual({ b: 2 });
    expect(datums.get('records/list.json#[1]')!.metadata).toMatchObject({
      project: 'rec',
      source_sha256: expect.any(String),
    });
    const again = await ingestPaths(dl, [dir], { target: { kind: 'inline' }, metadata: { project: 'rec' } });
    expect(again.result).toMatchObject({ written: 0, datums: 0 });
  });

  it('refuses inline for files that need a registry, before writing anything', async () => {
    const dir = join(root, 'inline-img');
    await writeManyImages(dir, 1, 'p', 8, 500_000);
    await expect(ingestPaths(dl, [dir], { target: { kind: 'inline' } })).rejects.toThrow(
      /need a registry for their bytes/,
    );
  });

  it('streams a large file to S3 as a multipart upload', async () => {
    const bucket = await createTestS3Bucket(uniqueName('ingest'));
    const dir = join(root, 's3');
    await mkdir(dir, { recursive: true });
    const big = Buffer.alloc(12 * 1024 ** 2);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await writeFile(join(dir, 'weights.bin'), big);
    await writeFile(join(dir, 'thumb.png'), fixturePng(12, 12, 3));
    const run = await ingestPaths(dl, [dir], { target: { kind: 'registry', uri: `s3://${bucket}/ingest` } });
    expect(run.result).toMatchObject({ written: 2, failed: 0 });
    const datums = await batchDatums(dl, run.batchId);
    await expectConsistent(dl, datums);
    const payload = bySource(datums).get('s3/weights.bin#payload')!;
    const loaded = (await dl.getDatum(payload.id)).data as Buffer;
    expect(loaded.equals(big)).toBe(true);
  });
});

describe('ingestion failures [mongodb]', () => {
  it('leaves no registry object behind for a file whose datums did not land', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ingest-fail-m-'));
    const dl = await Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('ingest-fail') });
    try {
      const dir = join(root, 'mixed');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'a.png'), fixturePng(8, 8, 1));
      await writeFile(join(dir, 'b.png'), CORRUPT_PNG);
      const regDir = join(root, 'registry');
      const run = await ingestPaths(dl, [dir], {
        target: { kind: 'registry', uri: pathToFileURL(regDir).href },
      });
      expect(run.result).toMatchObject({ written: 1, failed: 1 });
      // One object (a.png's) and the registry's metadata file: the corrupt file wrote nothing.
      const entries = await readdir(regDir);
      expect(entries.filter((e) => e.startsWith('_meta_'))).toHaveLength(1);
    } finally {
      await dl.close();
    }
  });
});

/**
 * Ingestion through the contract, as the hosts call it: uploads with relative paths (web host) or paths
 * (desktop), the plan with its preview, the `ingest` job with its typed result, the target registries,
 * and the refusals (paths from a browser, a bad registry URI, a parent that does not exist).
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IngestResult, ingestPlanSchema, jobDoneSchema } from '#shared/contract';
import { makeTestServices, ok, type TestServices } from '../test-services';
import { cleanRelativePath } from './drop-sources';
import { COCO_SET, writeCocoSet } from './test-fixtures';

let t: TestServices;
let files: string;

// One set of services for the file (opening a fresh embedded store takes seconds); a folder per test.
beforeAll(async () => {
  t = await makeTestServices();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  files = await mkdtemp(join(tmpdir(), 'ingest-svc-'));
});

/** Streams every file of a folder to the upload store, as the browser does, with relative paths. */
async function uploadFolder(dir: string, prefix: string, names: string[]) {
  const sources = [];
  for (const name of names) {
    const body = await readFile(join(dir, name));
    const upload = await t.services.uploads.receive({ name, body: Readable.from([body]) }, t.session);
    sources.push({
      kind: 'upload' as const,
      uploadId: upload.uploadId,
      relativePath: `${prefix}/${name}`,
      lastModified: 1000,
    });
  }
  return sources;
}

const COCO_FILES = ['images/cat-1.png', 'images/cat-2.png', 'images/pair.png', 'annotations/instances.json'];

async function waitForJob(jobId: string) {
  await t.services.jobs.wait(jobId);
  return ok(t.dispatcher.call('jobs.get', { jobId }));
}

describe('ingest calls', () => {
  it('plans uploaded files with a preview, then ingests them as a job with a typed result', async () => {
    await writeCocoSet(files);
    const sources = await uploadFolder(files, 'coco', COCO_FILES);
    const registry = (await ok(t.dispatcher.call('ingest.registries', {}))).registries[0];
    expect(registry.origin).toBe('connection');
    const options = {
      sources,
      target: { kind: 'registry' as const, uri: registry.uri },
      metadata: { project: 'pets' },
    };

    const plan = ingestPlanSchema.parse(await ok(t.dispatcher.call('ingest.plan', options)));
    expect(plan.files).toMatchObject({ total: 4, images: 3, annotationFiles: 1, recordFiles: 0, other: 0 });
    expect(plan.formats).toEqual(['coco']);
    expect(plan.expected).toEqual({
      images: 3,
      files: 0,
      classifications: COCO_SET.classifications,
      bboxes: COCO_SET.bboxes,
    });
    expect(plan.problemCount).toBe(COCO_SET.problems);
    expect(plan.alreadyInBatch).toBe(0);
    const first = plan.preview[0];
    expect(first).toMatchObject({
      source: 'coco/images/cat-1.png',
      data: { type: 'image', filename: 'cat-1.png', width: 40, height: 30, format: 'PNG' },
      metadata: { project: 'pets', ingest_batch: plan.batchId, ingest_source: 'coco/images/cat-1.png' },
      storage: 'inline',
    });
    expect(
      first.children.map((c) => [c.storage, c.level, (c.data as { type?: string } | null)?.type ?? null]),
    ).toEqual([
      ['registry', 1, null],
      ['inline', 1, 'classification'],
      ['inline', 2, 'bbox'],
    ]);

    const { jobId, batchId } = await ok(t.dispatcher.call('ingest.start', options));
    expect(batchId).toBe(plan.batchId);
    const job = await waitForJob(jobId);
    expect(job.status).toBe('succeeded');
    const result = job.result as IngestResult;
    expect(result).toMatchObject({
      batchId,
      files: 3,
      written: 3,
      failed: 0,
      errorCount: 2,
      cancelled: false,
    });
    expect(result.roots.map((r) => r.label)).toEqual(['cat-1.png', 'cat-2.png', 'pair.png']);
    expect(result.countsByType).toEqual(
      expect.arrayContaining([
        { type: 'image', count: 3 },
        { type: 'classification', count: 4 },
        { type: 'bbox', count: 4 },
        { type: null, count: 3 },
      ]),
    );
    const done = t.events.find((e) => e.event === 'job.done' && e.payload.jobId === jobId)!;
    expect(jobDoneSchema.parse(done.payload)).toMatchObject({ kind: 'ingest', status: 'succeeded' });
    expect(t.events.some((e) => e.event === 'job.progress' && e.payload.progress.bytes.total > 0)).toBe(true);
    // The uploads were consumed by the job.
    expect(() => t.services.uploads.get(t.session, sources[0].uploadId)).toThrow(/No upload/);

    // The overview sees the new datums.
    const typeCounts = await ok(t.dispatcher.call('overview.typeCounts', {}));
    expect(typeCounts.cached).toBe(false);
    expect(typeCounts.counts).toEqual(expect.arrayContaining([{ type: 'bbox', count: 4 }]));
  });

  it('plans the same drop again as the same batch, with what it holds already', async () => {
    await writeCocoSet(files, 50); // other pixels than the first test's, so no duplicates of them
    const options = async () => ({
      sources: await uploadFolder(files, 'coco', COCO_FILES),
      target: { kind: 'registry' as const, uri: pathToFileURL(join(files, 'reg')).href },
    });
    const started = await ok(t.dispatcher.call('ingest.start', await options()));
    await waitForJob(started.jobId);
    const again = await ok(t.dispatcher.call('ingest.plan', await options()));
    expect(again.batchId).toBe(started.batchId);
    expect(again.alreadyInBatch).toBe(3 * 2 + COCO_SET.classifications + COCO_SET.bboxes);
    const rerun = await waitForJob((await ok(t.dispatcher.call('ingest.start', await options()))).jobId);
    expect(rerun.result).toMatchObject({ written: 0, skippedInBatch: 3, resumed: true });
    // A typed target is remembered for this connection.
    const known = (await ok(t.dispatcher.call('ingest.registries', {}))).registries;
    expect(known.map((r) => r.origin)).toEqual(['connection', 'recent']);
  });

  it('refuses local paths from a browser session, but takes them from the desktop app', async () => {
    await writeCocoSet(files);
    const options = {
      sources: [{ kind: 'path' as const, path: files }],
      target: { kind: 'registry' as const, uri: pathToFileURL(join(files, 'r')).href },
    };
    const refused = await t.dispatcher.call('ingest.plan', options);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/desktop app only/) },
    });
    const desktop = await t.dispatcher.call('ingest.plan', options, { host: 'electron', session: t.session });
    expect(desktop.ok).toBe(true);
  });

  it('names a bad registry URI, a missing parent and a reserved metadata field', async () => {
    const dir = join(files, 'one');
    await mkdir(dir);
    await writeFile(join(dir, 'a.json'), '{"x": 1}');
    const sources = await uploadFolder(dir, 'one', ['a.json']);
    const bad = await t.dispatcher.call('ingest.plan', {
      sources,
      target: { kind: 'registry', uri: 'ftp://host/x' },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'REGISTRY', message: expect.stringMatching(/unknown scheme "ftp:"/) },
    });
    const orphan = await t.dispatcher.call('ingest.plan', {
      sources,
      target: { kind: 'inline' },
      derivedFrom: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(orphan).toMatchObject({ ok: false, error: { code: 'DATUM_NOT_FOUND' } });
    const reserved = await t.dispatcher.call('ingest.plan', {
      sources,
      target: { kind: 'inline' },
      metadata: { fields: { ingest_batch: 'mine' } },
    });
    expect(reserved).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/ingest_batch/) },
    });
    const plan = await ok(t.dispatcher.call('ingest.plan', { sources, target: { kind: 'inline' } }));
    expect(plan.preview[0]).toMatchObject({ source: 'one/a.json', data: { x: 1 }, storage: 'inline' });
  });

  it('checks a typed registry and discards uploads that will not be ingested', async () => {
    const okFolder = await ok(
      t.dispatcher.call('ingest.checkRegistry', { uri: pathToFileURL(join(files, 'new', 'reg')).href }),
    );
    expect(okFolder).toMatchObject({ ok: true, message: expect.stringMatching(/will be created in/) });
    await writeFile(join(files, 'plain'), 'x');
    const onFile = await ok(
      t.dispatcher.call('ingest.checkRegistry', { uri: `${pathToFileURL(join(files, 'plain')).href}` }),
    );
    expect(onFile).toMatchObject({ ok: false, message: expect.stringMatching(/is a file, not a folder/) });
    const malformed = await ok(t.dispatcher.call('ingest.checkRegistry', { uri: 's3://' }));
    expect(malformed.ok).toBe(false);

    const [source] = await uploadFolder(files, 'x', ['plain']);
    expect(
      await ok(t.dispatcher.call('ingest.discard', { uploadIds: [source.uploadId, 'unknown'] })),
    ).toEqual({ removed: 1 });
    expect(() => t.services.uploads.get(t.session, source.uploadId)).toThrow(/No upload/);
  });
});

describe('cleanRelativePath', () => {
  it('keeps folder structure and refuses escapes', () => {
    expect(cleanRelativePath('photos\\2024/./a.png')).toBe('photos/2024/a.png');
    expect(cleanRelativePath('/abs/a.png')).toBe('abs/a.png');
    expect(() => cleanRelativePath('../etc/passwd')).toThrow(/not a usable relative path/);
    expect(() => cleanRelativePath('./')).toThrow(/not a usable relative path/);
  });
});

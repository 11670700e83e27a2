/**
 * Datums and their payload bytes on the sample dataset through the real web host: `datums.get` with
 * projections, payload summaries and pictures; `GET /payload/<id>` with the right type and bytes, behind the
 * token; clear answers for unknown, inline, missing and corrupt payloads. Electron's scheme answers alike.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatumJson, PayloadSummary } from '#shared/contract';
import { respondToPayloadRequest } from '../main/payload-protocol';
import { startWebHost, type WebHost } from '../main/web-host/server';

let root: string;
let host: WebHost;
let images: DatumJson[];
/** The registry datum that holds the first image's PNG. */
let pictureId: string;

async function call<T>(name: string, input: unknown): Promise<T> {
  const envelope = await host.dispatcher.dispatch(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

async function get(path: string, withToken = true, method = 'GET') {
  const url = `http://127.0.0.1:${host.port}${path}${withToken ? `${path.includes('?') ? '&' : '?'}token=${host.token}` : ''}`;
  const res = await fetch(url, { method });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    length: res.headers.get('content-length'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

/** The registry files of a registry datum on disk. */
function objectFile(datum: DatumJson, file: string): string {
  return join(fileURLToPath(datum.registryUri!), datum.registryKey!, '1.0.0', file);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-payload-'));
  host = await startWebHost({ dataDir: join(root, 'data'), progressIntervalMs: 20, log: () => {} });
  const { jobId } = await call<{ jobId: string }>('sample.load', { images: 6 });
  await host.services.jobs.wait(jobId);
  const { cursorId } = await call<{ cursorId: string }>('query.open', {
    query: [{ 'data.type': 'image', column: 'image_id', strategy: 'earliest' }],
  });
  const { rows } = await call<{ rows: Array<{ image_id: string }> }>('query.next', {
    cursorId,
    maxRows: 100,
  });
  const { datums } = await call<{ datums: DatumJson[] }>('datums.get', {
    ids: rows.map((r) => r.image_id),
    preview: true,
  });
  images = datums;
  pictureId = images[0].previewId!;
});
afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

describe('datums.get', () => {
  it('finds each inline image datum’s picture in its registry child, and summarises that payload', async () => {
    expect(images).toHaveLength(6);
    for (const image of images) {
      expect(image.previewId).toMatch(/^[0-9a-f]{24}$/);
      expect(image.previewId).not.toBe(image.id);
    }
    const { datums } = await call<{ datums: DatumJson[] }>('datums.get', {
      ids: [pictureId],
      payload: true,
      preview: true,
    });
    const picture = datums[0];
    expect(picture.derivedFrom).toBe(images[0].id);
    expect(picture.previewId).toBe(pictureId);
    const summary = picture.payload as PayloadSummary;
    const png = await readFile(objectFile(picture, 'image.png'));
    expect(summary).toMatchObject({
      kind: 'image',
      className: 'PIL.Image.Image', // the default layout, mindtrace-registry 0.12+
      mainFile: 'image.png',
      mediaType: 'image/png',
      files: [{ path: 'image.png', size: png.length }],
      size: png.length,
      image: { format: 'PNG', width: (images[0].data as { width: number }).width },
    });
  });

  it('keeps only the chosen fields, answers null for unknown ids, and refuses malformed ones', async () => {
    const unknown = 'ffffffffffffffffffffffff';
    const { datums } = await call<{ datums: Array<DatumJson | null> }>('datums.get', {
      ids: [images[1].id, unknown, images[0].id],
      fields: ['data.filename', 'metadata.project'],
    });
    expect(datums[1]).toBeNull();
    expect(datums[0]).toMatchObject({
      id: images[1].id,
      data: { filename: (images[1].data as any).filename },
    });
    expect(Object.keys(datums[0]!.data as object)).toEqual(['filename']);
    expect(Object.keys(datums[0]!.metadata)).toEqual(['project']);
    expect(datums[2]!.id).toBe(images[0].id);
    const bad = await host.dispatcher.dispatch('datums.get', { ids: ['not-an-id'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('GET /payload/<id>', () => {
  it('streams the picture with its type and exact bytes, and answers HEAD', async () => {
    const [picture] = (await call<{ datums: DatumJson[] }>('datums.get', { ids: [pictureId] })).datums;
    const onDisk = await readFile(objectFile(picture, 'image.png'));
    const res = await get(`/payload/${pictureId}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/png');
    expect(res.length).toBe(String(onDisk.length));
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(
      createHash('sha256').update(onDisk).digest('hex'),
    );
    const head = await get(`/payload/${pictureId}`, true, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.length).toBe(String(onDisk.length));
  });

  it('needs the token', async () => {
    expect((await get(`/payload/${pictureId}`, false)).status).toBe(403);
  });

  it('answers unknown, malformed and inline datums and unknown files with an envelope and a status', async () => {
    const unknown = await get('/payload/ffffffffffffffffffffffff');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'DATUM_NOT_FOUND' },
    });
    expect((await get('/payload/zzz')).status).toBe(400);
    const inline = await get(`/payload/${images[0].id}`);
    expect(inline.status).toBe(400);
    expect(JSON.parse(inline.body.toString()).error.message).toMatch(/keeps its data inline/);
    const noFile = await get(`/payload/${pictureId}?file=other.bin`);
    expect(noFile.status).toBe(400);
    expect(JSON.parse(noFile.body.toString()).error.message).toMatch(/other\.bin is not a file/);
  });

  it('reports a corrupt object before sending a byte, and a missing one as missing', async () => {
    const [corruptOne, missingOne] = (
      await call<{ datums: DatumJson[] }>('datums.get', { ids: [images[2].previewId!, images[3].previewId!] })
    ).datums;
    const file = objectFile(corruptOne, 'image.png');
    const bytes = await readFile(file);
    bytes[bytes.length - 20] ^= 0xff;
    await writeFile(file, bytes);
    const corrupt = await get(`/payload/${corruptOne.id}`);
    expect(corrupt.status).toBe(422);
    expect(JSON.parse(corrupt.body.toString()).error.message).toMatch(
      /is corrupt: its files do not match the recorded hash/,
    );
    const summaries = (
      await call<{ datums: DatumJson[] }>('datums.get', { ids: [corruptOne.id], payload: true, verify: true })
    ).datums;
    expect(summaries[0].payload).toMatchObject({ problem: 'corrupt' });

    await rm(join(fileURLToPath(missingOne.registryUri!), `_meta_${missingOne.registryKey}@1.0.0.yaml`));
    const missing = await get(`/payload/${missingOne.id}`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).error.code).toBe('REGISTRY');
    const described = (
      await call<{ datums: DatumJson[] }>('datums.get', { ids: [missingOne.id], payload: true })
    ).datums;
    expect(described[0].payload).toEqual({
      problem: 'missing',
      message: `The registry object ${missingOne.registryKey} is missing from ${missingOne.registryUri}`,
    });
    // An image whose picture is gone has no preview any more, and says so by a null.
    const again = (await call<{ datums: DatumJson[] }>('datums.get', { ids: [images[3].id], preview: true }))
      .datums;
    expect(again[0].previewId).toBeNull();
  });
});

describe('the Electron payload scheme', () => {
  it('answers from the same service with the same headers and errors', async () => {
    const ok = await respondToPayloadRequest(
      { url: `datalake-payload://payload/${images[4].previewId}`, method: 'GET' },
      host.services.payloads,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    const body = Buffer.from(await ok.arrayBuffer());
    expect(body.subarray(1, 4).toString()).toBe('PNG');
    const missing = await respondToPayloadRequest(
      { url: 'datalake-payload://payload/ffffffffffffffffffffffff', method: 'GET' },
      host.services.payloads,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'DATUM_NOT_FOUND' } });
    const other = await respondToPayloadRequest(
      { url: 'datalake-payload://elsewhere/x', method: 'GET' },
      host.services.payloads,
    );
    expect(other.status).toBe(404);
  });
});

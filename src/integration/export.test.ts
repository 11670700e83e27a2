/**
 * Exports on the sample dataset through real services: results as CSV (RFC 4180), JSON and JSONL equal the
 * engine's rows with their fields; a web download belongs to its session; a dataset folder holds the
 * pictures byte for byte, a manifest that matches the rows, resumes after files go missing or a cancel,
 * and COCO / YOLO annotations that match the bbox datums.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatumJson, JobState } from '#shared/contract';
import { startWebHost, type WebHost } from '../main/web-host/server';
import { parseCsv } from '../test-support/csv';

let root: string;
let host: WebHost;

async function call<T>(name: string, input: unknown): Promise<T> {
  const envelope = await host.dispatcher.dispatch(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

async function runJob(name: string, input: unknown): Promise<JobState> {
  const { jobId } = await call<{ jobId: string }>(name, input);
  const end = await host.services.jobs.wait(jobId);
  if (end.status !== 'succeeded') throw new Error(`${name} ${end.status}: ${JSON.stringify(end.error)}`);
  return end;
}

const QUERY = [
  { 'data.type': 'image', column: 'image_id', strategy: 'earliest' },
  { derived_from: 'image_id', 'data.type': 'classification', column: 'label_id' },
];
const COLUMNS = [
  { column: 'image_id', fields: ['data.filename', 'metadata.tags'] },
  { column: 'label_id', fields: ['data.label', 'data.confidence'] },
];
const TRICKY = 'tricky, "quoted"\r\nlabel';
let expectedRows: Array<Record<string, string>>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-export-'));
  host = await startWebHost({ dataDir: join(root, 'data'), progressIntervalMs: 20, log: () => {} });
  await runJob('sample.load', { images: 12 });
  await host.services.connections.withDatalake(async (dl) => {
    const [first] = (await dl.queryData([{ 'data.type': 'image', column: 'i', strategy: 'earliest' }], {
      datumsWanted: 1,
    })) as Array<{ i: string }>;
    await dl.addDatum(
      { type: 'classification', label: TRICKY, confidence: 0.5 },
      {},
      { derivedFrom: first.i },
    );
    expectedRows = (await dl.queryData(QUERY)) as Array<Record<string, string>>;
  });
  expect(expectedRows.length).toBeGreaterThan(3);
});
afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

/** The rows as the grid would show them: ids plus each chosen field, read through datums.get. */
async function expectedFlat(): Promise<Array<Record<string, unknown>>> {
  const out = expectedRows.map((r) => ({ ...r }) as Record<string, unknown>);
  for (const c of COLUMNS) {
    const { datums } = await call<{ datums: DatumJson[] }>('datums.get', {
      ids: expectedRows.map((r) => r[c.column]),
      fields: c.fields,
    });
    datums.forEach((d, i) => {
      for (const f of c.fields) {
        const [root, ...rest] = f.split('.');
        let v: any = (d as any)[root];
        for (const k of rest) v = v?.[k];
        out[i][`${c.column}.${f}`] = v ?? null;
      }
    });
  }
  return out;
}

describe('results export', () => {
  it('writes CSV per RFC 4180 with the same rows and fields as the engine', async () => {
    const path = join(root, 'rows.csv');
    const end = await runJob('export.results', {
      query: QUERY,
      format: 'csv',
      columns: COLUMNS,
      destination: { kind: 'path', path },
    });
    expect(end.result).toMatchObject({ format: 'csv', rows: expectedRows.length, path });
    const records = parseCsv(await readFile(path, 'utf8'));
    const keys = [
      'image_id',
      'image_id.data.filename',
      'image_id.metadata.tags',
      'label_id',
      'label_id.data.label',
      'label_id.data.confidence',
    ];
    expect(records[0]).toEqual(keys);
    const flat = await expectedFlat();
    expect(records.slice(1)).toEqual(
      flat.map((row) =>
        keys.map((k) =>
          row[k] === null ? '' : typeof row[k] === 'object' ? JSON.stringify(row[k]) : String(row[k]),
        ),
      ),
    );
    expect(records.slice(1).some((r) => r[4] === TRICKY)).toBe(true);
    expect((await readdir(root)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('writes JSON and JSONL with the same rows', async () => {
    const flat = await expectedFlat();
    const jsonPath = join(root, 'rows.json');
    await runJob('export.results', {
      query: QUERY,
      format: 'json',
      columns: COLUMNS,
      destination: { kind: 'path', path: jsonPath },
    });
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual(flat);
    const jsonlPath = join(root, 'rows.jsonl');
    await runJob('export.results', {
      query: QUERY,
      format: 'jsonl',
      columns: COLUMNS,
      destination: { kind: 'path', path: jsonlPath },
    });
    const lines = (await readFile(jsonlPath, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(flat);
    const empty = join(root, 'empty.json');
    await runJob('export.results', {
      query: [{ column: 'x', 'data.type': 'nothing' }],
      format: 'json',
      columns: [{ column: 'x', fields: [] }],
      destination: { kind: 'path', path: empty },
    });
    expect(JSON.parse(await readFile(empty, 'utf8'))).toEqual([]);
  });

  it('offers a download to the session that exported, and to no other', async () => {
    const session = host.services.sessions.open('export-test', () => {});
    const other = host.services.sessions.open('someone-else', () => {});
    const ctx = { host: 'web' as const, session };
    const started = await host.dispatcher.dispatch(
      'export.results',
      { query: QUERY, format: 'jsonl', columns: COLUMNS, destination: { kind: 'download' } },
      ctx,
    );
    expect(started.ok).toBe(true);
    const jobId = (started as { data: { jobId: string } }).data.jobId;
    const end = await host.services.jobs.wait(jobId);
    expect(end.result).toMatchObject({ path: null, downloadPath: `/download/${jobId}` });
    const url = (s: string) =>
      `http://127.0.0.1:${host.port}/download/${jobId}?session=${s}&token=${host.token}`;
    const res = await fetch(url(session.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename\*=UTF-8''embedded-datalake-results\.jsonl$/,
    );
    expect((await res.text()).trimEnd().split('\n')).toHaveLength(expectedRows.length);
    expect((await fetch(url(other.id))).status).toBe(404);
    expect(
      (await fetch(`http://127.0.0.1:${host.port}/download/${jobId}?session=${session.id}`)).status,
    ).toBe(403);
    await session.dispose();
    expect((await fetch(url(session.id))).status).toBe(404);
    await other.dispose();
  });
});

describe('dataset export', () => {
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('copies the pictures and inline data with a manifest that matches the rows, and resumes', async () => {
    const folder = join(root, 'dataset');
    const end = await runJob('export.dataset', { query: QUERY, columns: ['image_id', 'label_id'], folder });
    const result = end.result as {
      rows: number;
      files: number;
      copied: number;
      skipped: number;
      failed: number;
    };
    expect(result).toMatchObject({ rows: expectedRows.length, failed: 0, skipped: 0 });
    expect(result.files).toBe(expectedRows.length * 3); // image JSON + its picture, label JSON
    const lines = (await readFile(join(folder, 'manifest.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'header',
      format: 'datalake-browser.dataset',
      query: QUERY,
      columns: ['image_id', 'label_id'],
      connection: { name: 'Embedded datalake', kind: 'embedded' },
      app: { name: 'Datalake Browser' },
    });
    expect(lines.slice(1).map((l) => l.ids)).toEqual(expectedRows);
    // Every picture is the registry object's file, byte for byte.
    const images = (
      await call<{ datums: DatumJson[] }>('datums.get', {
        ids: expectedRows.map((r) => r.image_id),
        preview: true,
      })
    ).datums;
    const pictures = (
      await call<{ datums: DatumJson[] }>('datums.get', {
        ids: images.map((d) => d.previewId!),
        payload: true,
      })
    ).datums;
    for (const [i, line] of lines.slice(1).entries()) {
      const picture = pictures[i];
      // The registry's own file, whichever layout generation wrote it (image_file.PNG or image.png).
      const mainFile = (picture.payload as { mainFile: string }).mainFile;
      const original = await readFile(
        join(fileURLToPath(picture.registryUri!), picture.registryKey!, '1.0.0', mainFile),
      );
      const rel = `image_id/${expectedRows[i].image_id}.png`;
      expect(line.files.image_id).toContain(rel);
      expect(line.sha256[rel]).toBe(sha(original));
      expect(sha(await readFile(join(folder, rel)))).toBe(sha(original));
      const label = JSON.parse(
        await readFile(join(folder, `label_id/${expectedRows[i].label_id}.json`), 'utf8'),
      );
      expect(label.type).toBe('classification');
    }

    // Files lost or damaged since: a re-run copies exactly those again and skips the rest.
    const victim = `image_id/${expectedRows[0].image_id}.png`;
    await rm(join(folder, victim));
    await writeFile(join(folder, `image_id/${expectedRows[1].image_id}.png`), 'damaged');
    const again = (
      await runJob('export.dataset', { query: QUERY, columns: ['image_id', 'label_id'], folder })
    ).result as typeof result;
    expect(again).toMatchObject({
      rows: expectedRows.length,
      copied: 2,
      skipped: result.files - 2,
      failed: 0,
    });
    expect(sha(await readFile(join(folder, victim)))).toBe(lines[1].sha256[victim]);
  });

  it('finishes after a cancelled run, with no duplicate and no partial file left', async () => {
    const folder = join(root, 'cancelled');
    const { jobId } = await call<{ jobId: string }>('export.dataset', {
      query: QUERY,
      columns: ['image_id'],
      folder,
    });
    await call('jobs.cancel', { jobId });
    expect((await host.services.jobs.wait(jobId)).status).toBe('cancelled');
    const end = await runJob('export.dataset', { query: QUERY, columns: ['image_id'], folder });
    expect(end.result).toMatchObject({
      rows: expectedRows.length,
      failed: 0,
      files: expectedRows.length * 2,
    });
    const files = await readdir(join(folder, 'image_id'));
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(files).toHaveLength(expectedRows.length * 2);
    expect((await readdir(folder)).sort()).toEqual(['image_id', 'manifest.jsonl']);
  });

  it('lists a file whose registry object is damaged, copies the rest, and copies it once repaired', async () => {
    const victim = expectedRows[2].image_id;
    const [image] = (await call<{ datums: DatumJson[] }>('datums.get', { ids: [victim], preview: true }))
      .datums;
    const [picture] = (
      await call<{ datums: DatumJson[] }>('datums.get', { ids: [image.previewId!], payload: true })
    ).datums;
    const source = join(
      fileURLToPath(picture.registryUri!),
      picture.registryKey!,
      '1.0.0',
      (picture.payload as { mainFile: string }).mainFile,
    );
    const original = await readFile(source);
    const folder = join(root, 'damaged');
    const rel = `image_id/${victim}.png`;
    try {
      const damaged = Buffer.from(original);
      damaged[damaged.length - 1] ^= 0xff; // same size, one byte off: only the hash check can tell
      await writeFile(source, damaged);
      const end = await runJob('export.dataset', { query: QUERY, columns: ['image_id'], folder });
      expect(end.result).toMatchObject({
        rows: expectedRows.length,
        failed: 1,
        files: expectedRows.length * 2 - 1,
      });
      const lines = (await readFile(join(folder, 'manifest.jsonl'), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const line = lines.find((l) => l.ids?.image_id === victim);
      expect(line.files.image_id).toContain(rel);
      expect(line.errors[rel]).toMatch(/hash/i);
      expect(line.sha256[rel]).toBeUndefined();
      expect(lines.filter((l) => l.errors)).toHaveLength(1);
      const files = await readdir(join(folder, 'image_id'));
      expect(files).not.toContain(`${victim}.png`);
      expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
      expect(files).toHaveLength(expectedRows.length * 2 - 1);
    } finally {
      await writeFile(source, original);
    }
    const again = await runJob('export.dataset', { query: QUERY, columns: ['image_id'], folder });
    expect(again.result).toMatchObject({
      copied: 1,
      skipped: expectedRows.length * 2 - 1,
      failed: 0,
    });
    expect(sha(await readFile(join(folder, rel)))).toBe(sha(original));
  });

  it('writes COCO and YOLO annotations from the bbox column', async () => {
    const query = [...QUERY, { derived_from: 'label_id', 'data.type': 'bbox', column: 'bbox_id' }];
    const rows = (await host.services.connections.withDatalake((dl) => dl.queryData(query))) as Array<
      Record<string, string>
    >;
    expect(rows.length).toBeGreaterThan(0);
    const boxes = (await call<{ datums: DatumJson[] }>('datums.get', { ids: rows.map((r) => r.bbox_id) }))
      .datums;

    const cocoFolder = join(root, 'coco');
    await runJob('export.dataset', {
      query,
      columns: ['image_id'],
      folder: cocoFolder,
      format: 'coco',
      imageColumn: 'image_id',
      boxColumn: 'bbox_id',
    });
    const coco = JSON.parse(await readFile(join(cocoFolder, 'annotations.coco.json'), 'utf8'));
    expect(coco.images).toHaveLength(new Set(rows.map((r) => r.image_id)).size);
    expect(coco.annotations).toHaveLength(rows.length);
    for (const [i, box] of boxes.entries()) {
      const d = box.data as { label: string; x: number; y: number; width: number; height: number };
      const a = coco.annotations.find((x: { datum_id: string }) => x.datum_id === box.id);
      expect(a.bbox).toEqual([d.x, d.y, d.width, d.height]);
      expect(coco.categories.find((c: { id: number }) => c.id === a.category_id).name).toBe(d.label);
      const img = coco.images.find((x: { id: number }) => x.id === a.image_id);
      expect(img.datum_id).toBe(rows[i].image_id);
      expect(img.file_name).toBe(`image_id/${rows[i].image_id}.png`);
    }

    const yoloFolder = join(root, 'yolo');
    await runJob('export.dataset', {
      query,
      columns: ['image_id'],
      folder: yoloFolder,
      format: 'yolo',
      imageColumn: 'image_id',
      boxColumn: 'bbox_id',
    });
    const classes = (await readFile(join(yoloFolder, 'classes.txt'), 'utf8')).trimEnd().split('\n');
    const d = boxes[0].data as { label: string; x: number; y: number; width: number; height: number };
    const label = (await readFile(join(yoloFolder, 'labels', `${rows[0].image_id}.txt`), 'utf8'))
      .trimEnd()
      .split('\n');
    const [cls, cx, cy, w, h] = label[0].split(' ').map(Number);
    expect(classes[cls]).toBe(d.label);
    const image = coco.images.find((x: { datum_id: string }) => x.datum_id === rows[0].image_id);
    expect(cx).toBeCloseTo((d.x + d.width / 2) / image.width, 5);
    expect(cy).toBeCloseTo((d.y + d.height / 2) / image.height, 5);
    expect(w).toBeCloseTo(d.width / image.width, 5);
    expect(h).toBeCloseTo(d.height / image.height, 5);
    expect(await readdir(join(yoloFolder, 'images'))).toContain(`${rows[0].image_id}.png`);
  });
});

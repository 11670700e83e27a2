/**
 * Dataset export from both kinds of source: a local folder registry (copied by the kernel, then hashed)
 * and an S3 registry on the test server (streamed through the registry's hash check). The files must be
 * the registry's bytes with their SHA-256 in the manifest, in row order, and a second run must skip them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestS3Bucket, testS3Options, uniqueName } from '../../../test-support/env';
import { Datalake, FilePayload, tinyPng } from '../../engine';
import type { Progress } from '../job-progress';
import { exportDataset } from './dataset-export';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const noProgress = Object.assign(() => {}, { bytes() {}, message() {}, itemError() {} }) as Progress;
const context = { connection: { name: 'test', kind: 'embedded' }, app: { name: 'test', version: '0' } };

let root: string;
let dl: Datalake;
let pngs: Buffer[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dl-dataset-export-'));
  dl = await Datalake.open({ embeddedPath: join(root, 'store'), registries: { s3: testS3Options() } });
  const bucket = await createTestS3Bucket(uniqueName('export'));
  const registries = { local: pathToFileURL(join(root, 'registry')).href, s3: `s3://${bucket}/lake` };
  pngs = Array.from({ length: 6 }, (_, i) => tinyPng(8 + i, 5, (x, y) => [x * 20, y * 40, i * 30]));
  for (const [i, png] of pngs.entries()) {
    const where = i % 2 === 0 ? 'local' : 's3';
    const image = await dl.addDatum({ type: 'image', n: i, where });
    await writeFile(join(root, `${i}.png`), png);
    await dl.addData([
      {
        data: new FilePayload(join(root, `${i}.png`)),
        derivedFrom: image.id,
        registryUri: registries[where],
      },
    ]);
  }
});

afterAll(async () => {
  await dl?.close();
  await rm(root, { recursive: true, force: true });
});

describe('exportDataset', () => {
  it('copies local and S3 registry files byte for byte, in row order, and skips them on a re-run', async () => {
    const query = [
      { 'data.type': 'image', column: 'image' },
      { derived_from: 'image', registry_uri: { $ne: null }, column: 'picture' },
    ];
    const rows = (await dl.queryData(query)) as Array<{ image: string; picture: string }>;
    const images = await dl.findData(rows.map((r) => r.image));
    const folder = join(root, 'out');
    const spec = { query, columns: ['image', 'picture'] };
    const first = await exportDataset(dl, spec, folder, context, new AbortController().signal, noProgress);
    expect(first).toMatchObject({ rows: 6, files: 18, copied: 18, skipped: 0, failed: 0 });

    const lines = (await readFile(join(folder, 'manifest.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(1).map((l) => l.ids)).toEqual(rows);
    expect(lines.slice(1).map((l) => l.row)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [i, row] of rows.entries()) {
      const png = pngs[(images[i]!.data as { n: number }).n];
      const line = lines[i + 1];
      // The picture column's file, and the inline image's picture beside its JSON: both the PNG as stored.
      for (const rel of [`picture/${row.picture}.png`, `image/${row.image}.png`]) {
        expect(sha(await readFile(join(folder, rel)))).toBe(sha(png));
        expect(line.sha256[rel]).toBe(sha(png));
      }
      expect(line.files).toEqual({
        image: [`image/${row.image}.json`, `image/${row.image}.png`],
        picture: [`picture/${row.picture}.png`],
      });
    }

    const again = await exportDataset(dl, spec, folder, context, new AbortController().signal, noProgress);
    expect(again).toMatchObject({ rows: 6, files: 18, copied: 0, skipped: 18, failed: 0 });
  });
});

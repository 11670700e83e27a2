/**
 * Exports from the results toolbar on the sample dataset through the web host: CSV and JSONL downloads
 * whose rows are the grid's rows with the grid's chosen fields (values read from the host); a dataset
 * folder whose manifest lines are the grid's rows and whose files hash like the registry objects served by
 * the host; a big dataset export cancelled midway and run again into the same folder, skipping what was
 * already copied; and a refusal shown in the dialog with the form kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebHost } from '../src/main/web-host/server';
import type { DatumJson } from '../src/shared/contract';
import type { Row } from '../src/shared/query/types';
import { parseCsv } from '../src/test-support/csv';
import { expect, test } from './fixtures';
import { ExportPage } from './pages/export-page';
import { ResultsPage } from './pages/results-page';
import { loadSampleThroughHost } from './support/datalake-truth';

const IMAGES_LABELS = [
  { 'data.type': 'image', column: 'image' },
  { derived_from: 'image', 'data.type': 'classification', column: 'label', strategy: 'latest' },
];
const WITH_BOXES = [...IMAGES_LABELS, { derived_from: 'label', 'data.type': 'bbox', column: 'bbox' }];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function call<T>(host: WebHost, name: string, input: unknown): Promise<T> {
  const envelope = await host.dispatcher.dispatch(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.data as T;
}

/** Each datum's value at a `data.…`/`metadata.…` path, read from the host (null when absent). */
async function fieldValues(
  host: WebHost,
  ids: string[],
  fields: string[],
): Promise<Array<Record<string, unknown>>> {
  const { datums } = await call<{ datums: DatumJson[] }>(host, 'datums.get', { ids, fields });
  return datums.map((d) =>
    Object.fromEntries(
      fields.map((f) => {
        let v: unknown = d;
        for (const k of f.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
        return [f, v ?? null];
      }),
    ),
  );
}

/** The grid's fields per result column, as its header shows them. */
async function gridFields(results: ResultsPage): Promise<Record<string, string[]>> {
  return results.grid.locator('thead th[data-group]').evaluateAll((ths) => {
    const out: Record<string, string[]> = {};
    for (const th of ths) {
      const group = th.getAttribute('data-group') ?? '';
      out[group] ??= [];
      const field = th.querySelector('.rgrid__field-name')?.textContent;
      if (field) out[group].push(field);
    }
    return out;
  });
}

/** The rows as the export writes them: ids, then `column.field` values read from the host. */
async function expectedRows(host: WebHost, rows: Row[], fields: Record<string, string[]>) {
  const out = rows.map((r) => ({ ...r }) as Record<string, unknown>);
  for (const [column, paths] of Object.entries(fields)) {
    const values = await fieldValues(
      host,
      rows.map((r) => r[column]),
      paths,
    );
    values.forEach((v, i) => {
      for (const p of paths) out[i][`${column}.${p}`] = v[p];
    });
  }
  return out;
}

function csvText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

async function payloadSha(host: WebHost, id: string): Promise<string> {
  const res = await fetch(new URL(`/payload/${id}?token=${host.token}`, host.url));
  expect(res.status).toBe(200);
  return sha256(new Uint8Array(await res.arrayBuffer()));
}

test.describe('results export', () => {
  test('CSV and JSONL downloads hold the grid rows with the grid fields', async ({ app, host }) => {
    // Reading every grid row and two downloads: slow when the machine is busy.
    test.setTimeout(180_000);
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    const exports = new ExportPage(app.page);
    await results.run(host.url, IMAGES_LABELS);
    const total = await results.waitUntilDone();
    expect(total).toBeGreaterThan(10);

    // One more field for the labels, chosen in the grid: the export takes the grid's choice.
    await results.grid.getByRole('button', { name: 'Fields for label' }).click();
    await app.page.getByRole('textbox', { name: 'Another field path' }).fill('data.confidence');
    await app.page.getByRole('textbox', { name: 'Another field path' }).press('Enter');
    await app.page.keyboard.press('Escape');
    await expect(
      results.grid.locator('thead .rgrid__field-name', { hasText: 'data.confidence' }),
    ).toHaveCount(1);
    const fields = await gridFields(results);
    expect(fields.label).toContain('data.confidence');
    const gridRows = await results.readAllRows();
    expect(gridRows).toHaveLength(total);

    const dialog = await exports.openResults();
    for (const [column, paths] of Object.entries(fields)) {
      await expect(exports.fieldsInput(column)).toHaveValue(paths.join(', '));
    }
    await expect(dialog.getByTestId('export-destination')).toContainText('download');
    await exports.chooseFormat(dialog, 'CSV');
    const csvDownload = await exports.exportResultsDownload();
    expect(csvDownload.suggestedFilename()).toMatch(/-results\.csv$/);
    const records = parseCsv(await readFile(await csvDownload.path(), 'utf8'));
    const keys = Object.entries(fields).flatMap(([c, paths]) => [c, ...paths.map((p) => `${c}.${p}`)]);
    expect(records[0]).toEqual(keys);
    const expected = await expectedRows(host, gridRows, fields);
    expect(records.slice(1)).toEqual(expected.map((row) => keys.map((k) => csvText(row[k]))));
    await exports.waitForJob(dialog, 'succeeded');
    expect(await exports.summaryNumber(dialog, 'rows')).toBe(total);

    // JSONL with a field taken out in the dialog.
    await exports.chooseFormat(dialog, 'JSONL');
    const imageFields = fields.image.filter((f) => f !== 'data.type');
    await exports.fieldsInput('image').fill(imageFields.join(', '));
    const jsonlDownload = await exports.exportResultsDownload();
    const lines = (await readFile(await jsonlDownload.path(), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(await expectedRows(host, gridRows, { ...fields, image: imageFields }));
    expect(lines[0]).not.toHaveProperty('image.data.type');
  });

  test('the run’s rows wanted, and a field path the export refuses, named in the dialog', async ({
    app,
    host,
  }) => {
    await loadSampleThroughHost(host);
    const results = new ResultsPage(app.page);
    const exports = new ExportPage(app.page);
    await results.run(host.url, IMAGES_LABELS, { wanted: 7 });
    expect(await results.waitUntilDone()).toBe(7);
    const gridRows = await results.readAllRows();
    const fields = await gridFields(results);
    const dialog = await exports.openResults();
    await expect(dialog.getByRole('radio', { name: 'The run’s 7 rows wanted' })).toBeChecked();
    await exports.chooseFormat(dialog, 'JSON');
    await exports.fieldsInput('label').fill('data.label, label');
    await expect(dialog.getByText('"label" is not a field path')).toBeVisible();
    await exports.start(dialog);
    await expect(dialog.getByTestId('export-problems')).toContainText('label: "label" is not a field path');
    await expect(exports.job(dialog)).toHaveCount(0);
    // Nothing lost: fix the one field and go.
    await exports.fieldsInput('label').fill('data.label');
    const download = await exports.exportResultsDownload();
    const rows = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(rows).toEqual(await expectedRows(host, gridRows, { ...fields, label: ['data.label'] }));
  });
});

test.describe('dataset export', () => {
  test('a COCO dataset folder: the manifest lines are the grid rows, the files hash like the registry', async ({
    app,
    host,
  }) => {
    await loadSampleThroughHost(host);
    const folder = await mkdtemp(join(tmpdir(), 'dlb-dataset-'));
    try {
      const results = new ResultsPage(app.page);
      const exports = new ExportPage(app.page);
      await results.run(host.url, WITH_BOXES);
      const total = await results.waitUntilDone();
      expect(total).toBeGreaterThan(3);
      const gridRows = await results.readAllRows();

      const dialog = await exports.openDataset();
      await expect(dialog.getByRole('checkbox', { name: /^image/ })).toBeChecked();
      await dialog.getByRole('checkbox', { name: /^bbox/ }).uncheck();
      await dialog.getByRole('textbox', { name: 'Folder' }).fill(folder);
      await dialog.getByRole('radio', { name: /^COCO/ }).check();
      // Defaults from the columns' data.type.
      await expect(dialog.getByRole('combobox', { name: 'Image column' })).toHaveValue('image');
      await expect(dialog.getByRole('combobox', { name: 'Bbox column' })).toHaveValue('bbox');
      await exports.start(dialog);
      await exports.waitForJob(dialog, 'succeeded');
      expect(await exports.summaryNumber(dialog, 'rows')).toBe(total);
      expect(await exports.summaryNumber(dialog, 'failed')).toBe(0);
      expect(await exports.summaryNumber(dialog, 'skipped')).toBe(0);
      await expect(dialog.getByTestId('export-manifest')).toHaveText(join(folder, 'manifest.jsonl'));

      const [header, ...lines] = (await readFile(join(folder, 'manifest.jsonl'), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(header).toMatchObject({ type: 'header', query: WITH_BOXES, columns: ['image', 'label'] });
      expect(lines.map((l) => l.ids)).toEqual(gridRows);

      // Each picture: the file in the folder and the manifest's hash equal the registry object's bytes.
      const { datums: images } = await call<{ datums: DatumJson[] }>(host, 'datums.get', {
        ids: gridRows.map((r) => r.image),
        preview: true,
      });
      const labels = await fieldValues(
        host,
        gridRows.map((r) => r.label),
        ['data.label'],
      );
      for (const [i, line] of lines.entries()) {
        const picture = `image/${gridRows[i].image}.png`;
        expect(line.files.image).toContain(picture);
        const truth = await payloadSha(host, images[i].previewId as string);
        expect(sha256(await readFile(join(folder, picture)))).toBe(truth);
        expect(line.sha256[picture]).toBe(truth);
        const label = JSON.parse(await readFile(join(folder, `label/${gridRows[i].label}.json`), 'utf8'));
        expect(label.label).toBe(labels[i]['data.label']);
      }
      const coco = JSON.parse(await readFile(join(folder, 'annotations.coco.json'), 'utf8'));
      expect(coco.annotations).toHaveLength(total);
      expect(new Set(coco.annotations.map((a: { datum_id: string }) => a.datum_id))).toEqual(
        new Set(gridRows.map((r) => r.bbox)),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('a relative folder is refused in the dialog with the form kept', async ({ app, host, dataDir }) => {
    await loadSampleThroughHost(host);
    // A file where the folder's parent should be: the host cannot create the folder.
    const blocker = join(dataDir, 'blocker');
    await writeFile(blocker, 'not a folder');
    const target = join(blocker, 'dataset');
    const results = new ResultsPage(app.page);
    const exports = new ExportPage(app.page);
    await results.run(host.url, IMAGES_LABELS);
    await results.waitUntilDone();
    const dialog = await exports.openDataset();
    await dialog.getByRole('textbox', { name: 'Folder' }).fill('relative/folder');
    await exports.start(dialog);
    await expect(dialog.getByTestId('export-problems')).toContainText('absolute path');
    // A folder the host cannot create: the job fails with the host's message, the form as it was.
    await dialog.getByRole('textbox', { name: 'Folder' }).fill(target);
    await exports.start(dialog);
    await exports.waitForJob(dialog, 'failed');
    await expect(dialog.getByTestId('export-job-error-message')).toContainText(blocker);
    await expect(dialog.getByRole('textbox', { name: 'Folder' })).toHaveValue(target);
    await expect(dialog.getByRole('button', { name: 'Export again' })).toBeEnabled();
  });

  test('cancelled midway, then run again into the same folder: copied files are skipped', async ({
    app,
    host,
  }) => {
    test.setTimeout(300_000);
    // A query's first batch is 1,000 rows and the next one the rest: cancelled after the first, most is left.
    const count = 3000;
    const blobs = new Map<string, Buffer>();
    await host.services.connections.withDatalake(async (dl, connection) => {
      for (let i = 0; i < count; i += 1000) {
        const bytes = Array.from({ length: 1000 }, () => randomBytes(16 * 1024));
        const added = await dl.addData(
          bytes.map((data, j) => ({
            data,
            metadata: { project: 'bulk', n: i + j },
            registryUri: connection.registryUri as string,
          })),
        );
        for (const [j, d] of added.entries()) blobs.set(d.id, bytes[j]);
      }
    });
    const folder = await mkdtemp(join(tmpdir(), 'dlb-dataset-'));
    try {
      const results = new ResultsPage(app.page);
      const exports = new ExportPage(app.page);
      await results.run(host.url, { 'metadata.project': 'bulk', column: 'blob' });
      await expect(results.status).toHaveText(/\d/);
      const dialog = await exports.openDataset();
      await dialog.getByRole('textbox', { name: 'Folder' }).fill(folder);
      await exports.start(dialog);
      await expect(dialog.getByTestId('job-progress-numbers')).toHaveText(/^[1-9][\d,]* rows/, {
        timeout: 60_000,
      });
      await dialog.getByRole('button', { name: 'Cancel export' }).click();
      await exports.waitForJob(dialog, 'cancelled');
      await expect(dialog.getByTestId('export-cancelled-note')).toContainText(
        'export into the same folder again',
      );
      const before = (await readdir(join(folder, 'blob'))).filter((f) => f.endsWith('.bin'));
      expect(before.length).toBeGreaterThan(0);
      expect(before.length).toBeLessThan(count);

      await exports.start(dialog);
      await exports.waitForJob(dialog, 'succeeded');
      const skipped = await exports.summaryNumber(dialog, 'skipped');
      const copied = await exports.summaryNumber(dialog, 'copied');
      expect(await exports.summaryNumber(dialog, 'failed')).toBe(0);
      expect(skipped).toBeGreaterThan(0);
      expect(skipped).toBeLessThanOrEqual(before.length);
      expect(skipped + copied).toBe(count);
      await expect(dialog.getByTestId('export-summary-text')).toContainText(
        `${skipped.toLocaleString()} already there, skipped`,
      );

      const files = await readdir(join(folder, 'blob'));
      expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
      expect(files).toHaveLength(count);
      const lines = (await readFile(join(folder, 'manifest.jsonl'), 'utf8')).trimEnd().split('\n').slice(1);
      expect(lines).toHaveLength(count);
      // Every file holds the bytes stored in the registry (the host serves a sample of them back).
      for (const [i, raw] of lines.entries()) {
        const line = JSON.parse(raw);
        const file = `blob/${line.ids.blob}.bin`;
        const stored = blobs.get(line.ids.blob);
        expect(stored).toBeDefined();
        const truth = sha256(stored as Buffer);
        if (i % 100 === 0) expect(await payloadSha(host, line.ids.blob)).toBe(truth);
        expect(line.sha256[file]).toBe(truth);
        expect(sha256(await readFile(join(folder, file)))).toBe(truth);
      }
      expect(new Set(lines.map((l) => JSON.parse(l).ids.blob))).toEqual(new Set(blobs.keys()));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

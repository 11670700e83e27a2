/**
 * The query library and queries as code through the real UI in Chromium, on the sample dataset: a run
 * from the builder appears in the history with the engine's row count; a saved query survives a reload
 * and loads back into the builder; the query exported as Python, TypeScript and JSON (and as query files)
 * holds the query; an invalid query file is refused with its error; an unreadable library file is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebHost } from '../src/main/web-host/server';
import { expect, test } from './fixtures';
import { QueryBuilderPage } from './pages/query-builder-page';
import { QueryLibraryPage } from './pages/query-library-page';
import { ROOT } from './support/paths';

const PROJECT = 'sample-shapes';
const QUERY = [
  { column: 'image_id', 'metadata.project': PROJECT, 'data.type': 'image' },
  { column: 'label_id', derived_from: 'image_id', strategy: 'latest', 'data.type': 'classification' },
  { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
];
const CHAIN = 'image_id → label_id → no bbox_id';

async function engineRows(host: WebHost, query: unknown, datumsWanted?: number): Promise<unknown[]> {
  return host.services.connections.withDatalake(
    async (dl) => (await dl.queryData(query as never, { datumsWanted })) as unknown[],
  );
}

/** Presses Run in the builder and waits for the run to end (its rows streamed into the grid below). */
async function runFromBuilder(builder: QueryBuilderPage): Promise<void> {
  await builder.runButton.click();
  await expect(builder.page.getByTestId('query-run-panel')).toHaveAttribute('data-status', 'done');
}

test.describe('query library', () => {
  let builder: QueryBuilderPage;
  let library: QueryLibraryPage;

  test.beforeEach(async ({ overview, page }) => {
    await overview.loadSample();
    builder = new QueryBuilderPage(page);
    library = new QueryLibraryPage(page);
    await builder.open();
    await library.open();
  });

  test('a run appears in the history; saved, it survives a reload and loads back', async ({ host, page }) => {
    await builder.pasteJson(JSON.stringify(QUERY, null, 2));
    await builder.rowsWanted.fill('5');
    await expect(builder.runButton).toBeEnabled();
    await runFromBuilder(builder);

    const expected = await engineRows(host, QUERY, 5);
    expect(expected.length).toBeGreaterThan(0);
    await library.showHistory();
    const entry = library.historyEntries.first();
    await expect(entry).toContainText(CHAIN);
    await expect(entry).toContainText('metadata.project: "sample-shapes"');
    await expect(entry.getByTestId('history-status')).toHaveText('Done');
    await expect(entry.getByTestId('history-rows')).toHaveText(
      `${expected.length} ${expected.length === 1 ? 'row' : 'rows'}`,
    );
    await expect(entry).toContainText('5 rows wanted');

    // Search is on the query text; a miss says so.
    const search = library.panel.getByRole('searchbox', { name: 'Search history' });
    await search.fill('no-such-project');
    await expect(library.panel.getByTestId('history-empty')).toHaveText('No run matches “no-such-project”.');
    await search.fill('sample-shapes');
    await expect(library.historyEntries).toHaveCount(1);
    await search.fill('');

    await library.saveCurrent('Unboxed labels', 'Images whose latest label has no bbox yet');
    await expect(library.notice).toHaveText('Saved “Unboxed labels”');

    // A reload starts the builder afresh; the saved query and the history are still there.
    await page.reload();
    await expect(builder.view).toBeVisible();
    await library.open();
    expect(await builder.columns()).not.toEqual(['image_id', 'label_id', 'bbox_id']);
    await library.showSaved();
    const saved = library.savedQuery('Unboxed labels');
    await expect(saved).toContainText('Images whose latest label has no bbox yet');
    await expect(saved).toContainText(CHAIN);
    await saved.getByRole('button', { name: 'Load Unboxed labels' }).click();
    await expect(library.notice).toHaveText('Loaded “Unboxed labels” into the builder');
    await expect.poll(() => builder.jsonValue()).toEqual(QUERY);
    expect(await builder.columns()).toEqual(['image_id', 'label_id', 'bbox_id']);
    await expect(builder.rowsWanted).toHaveValue('5');

    // One click on a run loads it too.
    await builder.pasteJson('[{"column": "x"}]');
    await builder.rowsWanted.fill('');
    await library.showHistory();
    await library.historyEntries
      .first()
      .getByRole('button', { name: new RegExp(`^Load ${CHAIN}`) })
      .click();
    await expect.poll(() => builder.jsonValue()).toEqual(QUERY);
    await expect(builder.rowsWanted).toHaveValue('5');
  });

  test('the query exported as Python, TypeScript and JSON, and as query files, holds the query', async ({
    host,
    context,
  }) => {
    const query = [
      { ...QUERY[0], added_at: { $gte: { $date: '2024-01-01T00:00:00.000Z' } } },
      QUERY[1],
      QUERY[2],
    ];
    await builder.pasteJson(JSON.stringify(query));
    await builder.rowsWanted.fill('25');
    await builder.transpose.check();
    await expect(builder.runButton).toBeEnabled();

    await library.openCodeDialog();
    const dialog = library.codeDialog;
    // Python, for the loop call: the script read back by Python's own parser gives the query.
    await dialog.getByRole('radio', { name: /query_data_legacy/ }).check();
    await expect(library.codeText).toHaveValue(/rows = await datalake\.query_data_legacy\(QUERY/);
    let download = await library.saveCode();
    expect(download.suggestedFilename()).toBe('query.py');
    const script = await download.path();
    const read = execFileSync(
      'python3',
      [join(ROOT, 'src/shared/query-export/read-python-query.py'), script],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(read)).toEqual({ query, datumsWanted: 25, transpose: true });
    const python = await readFile(script, 'utf8');
    expect(python).toContain('datetime(2024, 1, 1, 0, 0, 0, 0, tzinfo=timezone.utc)');
    await expect(dialog.getByTestId('export-code-status')).toHaveText('Downloaded query.py');

    // TypeScript for this engine, on the host's embedded datalake.
    await library.pickLanguage('TypeScript');
    download = await library.saveCode();
    expect(download.suggestedFilename()).toBe('query.ts');
    const ts = await readFile(await download.path(), 'utf8');
    const literal = ts.match(/const query: QueryObject\[\] = ([\s\S]*?);\n/);
    expect(JSON.parse(literal?.[1] ?? 'null')).toEqual(query);
    expect(ts).toContain('await dl.queryData(query, { datumsWanted: 25, transpose: true })');
    const embedded = host.services.connections.activeConnection();
    expect(ts).toContain(`embeddedPath: ${JSON.stringify(embedded.path)}`);

    // JSON: exactly the query list; and Copy puts the same text on the clipboard.
    await library.pickLanguage('JSON');
    download = await library.saveCode();
    expect(download.suggestedFilename()).toBe('query.json');
    expect(JSON.parse(await readFile(await download.path(), 'utf8'))).toEqual(query);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByTestId('export-code-status')).toHaveText('Copied the JSON to the clipboard');
    const copied = await library.page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(query);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Query files: one saved query, and the whole collection.
    await library.saveCurrent('Recent unboxed', 'Since 2024');
    await builder.transpose.uncheck();
    await library.saveCurrent('Recent unboxed, rows', '');
    const one = library.page.waitForEvent('download');
    await library.savedQuery('Recent unboxed').getByRole('button', { name: 'Export Recent unboxed' }).click();
    download = await one;
    expect(download.suggestedFilename()).toBe('Recent-unboxed.json');
    expect(JSON.parse(await readFile(await download.path(), 'utf8'))).toEqual({
      format: 'datalake-browser.queries',
      version: 1,
      queries: [
        { name: 'Recent unboxed', description: 'Since 2024', query, datumsWanted: 25, transpose: true },
      ],
    });
    const all = library.page.waitForEvent('download');
    await library.panel.getByRole('button', { name: 'Export all' }).click();
    download = await all;
    expect(download.suggestedFilename()).toBe('saved-queries.json');
    const collection = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(
      collection.queries.map((q: { name: string; transpose: boolean }) => [q.name, q.transpose]),
    ).toEqual([
      ['Recent unboxed', true],
      ['Recent unboxed, rows', false],
    ]);
  });

  test('an invalid query file is refused with its error; a valid one is imported', async ({ host }) => {
    await library.showSaved();
    const file = {
      format: 'datalake-browser.queries',
      version: 1,
      queries: [
        { name: 'Images', query: [QUERY[0]] },
        { name: 'Broken', query: [QUERY[0], { ...QUERY[1], derived_from: 'labels' }] },
      ],
    };
    await library.importInput.setInputFiles({
      name: 'team-queries.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await expect(library.error).toContainText('Could not import team-queries.json');
    await expect(library.error.getByTestId('library-error-message')).toHaveText(
      'query 2 of team-queries.json (“Broken”): Unknown derived_from reference: labels',
    );
    await expect(library.panel.getByTestId('saved-empty')).toBeVisible();
    expect((await host.services.library.listSaved({})).queries).toEqual([]);

    await library.importInput.setInputFiles({
      name: 'unboxed.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(QUERY)),
    });
    await expect(library.notice).toHaveText('Imported 1 query from unboxed.json: “unboxed”');
    await expect(library.error).toHaveCount(0);
    await library.savedQuery('unboxed').getByRole('button', { name: 'Load unboxed' }).click();
    await expect.poll(() => builder.jsonValue()).toEqual(QUERY);
  });

  test('a saved-queries file that cannot be read is set aside and reported', async ({ dataDir }) => {
    await mkdir(join(dataDir, 'queries'), { recursive: true });
    await writeFile(join(dataDir, 'queries', 'saved.json'), '{"version": 1, "queries": "not a list"}');
    await library.showSaved();
    await expect(library.warnings).toHaveCount(1);
    await expect(library.warnings).toContainText(
      'The saved queries file could not be read (queries: Invalid input: expected array, received string)',
    );
    await expect(library.warnings).toContainText(
      /set aside as saved\.unreadable-.*\.json and a new one was started/,
    );
    // The app goes on with an empty collection, and saving works again.
    await expect(library.panel.getByTestId('saved-empty')).toBeVisible();
    await builder.pasteJson(JSON.stringify(QUERY));
    await library.saveCurrent('After the repair', '');
  });
});

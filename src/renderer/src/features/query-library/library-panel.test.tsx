/**
 * The query library beside the builder, on the real services in process: runs recorded by `query.open`
 * are listed and load into the builder; the builder's query is saved, renamed, refused under a taken name,
 * and deleted after confirmation; an invalid query file is refused with the query named; a library file
 * the host could not read is reported; "Export as code" shows the builder's query in each language.
 * (The builder's JSON is set through its store here; the browser tests type into the real editor.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../App';
import { getClient } from '../../api/client';
import { useBuilder } from '../query-builder/builder-store';

const QUERY = [
  { column: 'image_id', 'data.type': 'image' },
  { column: 'label_id', derived_from: 'image_id', 'data.type': 'classification' },
];

/** Runs a query to its end through the cursor calls, as the builder's Run does. */
async function runQuery(query: unknown, datumsWanted?: number): Promise<void> {
  const client = getClient();
  const { cursorId } = await client.call('query.open', { query: query as never, datumsWanted });
  for (;;) {
    const page = await client.call('query.next', { cursorId, maxRows: 100 });
    if (page.done) break;
  }
}

async function openBuilder() {
  const user = userEvent.setup();
  history.replaceState(null, '', '/#/query');
  render(<App />);
  await screen.findByTestId('query-builder', {}, { timeout: 20_000 });
  if (!screen.queryByTestId('query-library')) {
    await user.click(screen.getByRole('button', { name: 'History & saved' }));
  }
  const panel = await screen.findByTestId('query-library');
  return { user, panel };
}

function setBuilder(query: unknown, rows = '') {
  act(() => {
    useBuilder.getState().setText(JSON.stringify(query));
    useBuilder.getState().setRowsWanted(rows);
  });
}

describe('the query library panel', () => {
  it('lists the runs of the active connection and loads one into the builder', {
    timeout: 60_000,
  }, async () => {
    await runQuery(QUERY, 5);
    await runQuery([{ column: 'other', 'metadata.project': 'elsewhere' }]);
    const { user, panel } = await openBuilder();

    const entries = await within(panel).findAllByTestId('history-entry', {}, { timeout: 10_000 });
    expect(entries).toHaveLength(2);
    // Newest first, with the rows it gave and how it ended.
    expect(entries[0].textContent).toContain('other');
    expect(entries[1].textContent).toContain('image_id → label_id');
    expect(entries[1].textContent).toContain('5 rows wanted');
    await waitFor(() => expect(within(entries[1]).getByTestId('history-status').textContent).toBe('Done'));
    expect(within(entries[1]).getByTestId('history-rows').textContent).toBe('0 rows');

    // Search narrows the list on the host.
    await user.type(within(panel).getByRole('searchbox', { name: 'Search history' }), 'elsewhere');
    await waitFor(() => expect(within(panel).getAllByTestId('history-entry')).toHaveLength(1));
    await user.clear(within(panel).getByRole('searchbox', { name: 'Search history' }));
    await waitFor(() => expect(within(panel).getAllByTestId('history-entry')).toHaveLength(2));

    await user.click(within(panel).getAllByRole('button', { name: /^Load image_id → label_id/ })[0]);
    expect(JSON.parse(useBuilder.getState().text)).toEqual(QUERY);
    expect(useBuilder.getState().rowsWantedText).toBe('5');
    expect(within(panel).getByTestId('library-notice').textContent).toMatch(
      /^Loaded the run of .* into the builder/,
    );
  });

  it('saves the builder’s query, refuses a taken name, renames, and deletes after confirmation', {
    timeout: 60_000,
  }, async () => {
    const { user, panel } = await openBuilder();
    await user.click(within(panel).getByRole('tab', { name: /Saved/ }));
    expect(await within(panel).findByTestId('saved-empty')).toBeTruthy();
    setBuilder(QUERY, '10');

    const save = async (name: string, description: string) => {
      await user.click(within(panel).getByRole('button', { name: 'Save current query…' }));
      const dialog = await screen.findByRole('dialog', { name: 'Save query' });
      expect(within(dialog).getByTestId('query-preview').textContent).toContain('10 rows wanted');
      await user.type(within(dialog).getByLabelText('Name'), name);
      if (description) await user.type(within(dialog).getByLabelText('Description'), description);
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));
      return dialog;
    };
    await save('Labelled images', 'Every image with its latest label');
    await waitFor(() => expect(within(panel).getAllByTestId('saved-query')).toHaveLength(1));
    const [stored] = (await getClient().call('queries.saved', {})).queries;
    expect(stored).toMatchObject({
      name: 'Labelled images',
      description: 'Every image with its latest label',
      query: QUERY,
      datumsWanted: 10,
      transpose: false,
    });

    // The same name again is refused at the field, and nothing is added.
    const dialog = await save('labelled IMAGES', '');
    const name = within(dialog).getByLabelText('Name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText(/already named “Labelled images”/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await getClient().call('queries.saved', {})).queries).toHaveLength(1);

    // Rename, and take the builder's new query along.
    setBuilder([{ column: 'image_id', 'data.type': 'image' }]);
    await user.click(within(panel).getByRole('button', { name: 'Edit Labelled images' }));
    const edit = await screen.findByRole('dialog', { name: 'Edit saved query' });
    await user.clear(within(edit).getByLabelText('Name'));
    await user.type(within(edit).getByLabelText('Name'), 'Images');
    await user.click(within(edit).getByRole('checkbox', { name: /Replace its query with the builder’s/ }));
    await user.click(within(edit).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Load Images' })).toBeTruthy());
    const [renamed] = (await getClient().call('queries.saved', {})).queries;
    expect(renamed).toMatchObject({ id: stored.id, name: 'Images', query: [QUERY[0]], datumsWanted: null });

    // Delete asks first; Cancel keeps it.
    await user.click(within(panel).getByRole('button', { name: 'Delete Images' }));
    const ask = await screen.findByRole('dialog', { name: 'Delete saved query?' });
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect((await getClient().call('queries.saved', {})).queries).toHaveLength(1);
    await user.click(within(panel).getByRole('button', { name: 'Delete Images' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Delete saved query?' })).getByRole('button', {
        name: 'Delete',
      }),
    );
    await waitFor(() => expect(within(panel).getByTestId('saved-empty')).toBeTruthy());
    expect((await getClient().call('queries.saved', {})).queries).toEqual([]);
  });

  it('refuses an invalid query file, naming the query, and imports a valid one', {
    timeout: 60_000,
  }, async () => {
    const { user, panel } = await openBuilder();
    await user.click(within(panel).getByRole('tab', { name: /Saved/ }));
    const input = within(panel).getByTestId('import-query-file') as HTMLInputElement;
    const bad = {
      format: 'datalake-browser.queries',
      version: 1,
      queries: [
        { name: 'Fine', query: [{ column: 'a' }] },
        { name: 'Broken', query: [{ column: 'a' }, { column: 'b', derived_from: 'nope' }] },
      ],
    };
    await user.upload(input, new File([JSON.stringify(bad)], 'team.json', { type: 'application/json' }));
    const error = await within(panel).findByTestId('library-error');
    expect(within(error).getByTestId('library-error-message').textContent).toBe(
      'query 2 of team.json (“Broken”): Unknown derived_from reference: nope',
    );
    expect(error.textContent).toContain('Could not import team.json');
    // All or nothing: "Fine" was not imported either.
    expect((await getClient().call('queries.saved', {})).queries).toEqual([]);

    await user.upload(
      input,
      new File([JSON.stringify(QUERY)], 'labelled.json', { type: 'application/json' }),
    );
    expect((await within(panel).findByTestId('library-notice')).textContent).toBe(
      'Imported 1 query from labelled.json: “labelled”',
    );
    await waitFor(() => expect(within(panel).getAllByTestId('saved-query')).toHaveLength(1));
  });

  it('reports a saved-queries file the host could not read, and starts a new one', {
    timeout: 60_000,
  }, async () => {
    const { dataDir } = await getClient().call('app.info', {});
    await mkdir(join(dataDir, 'queries'), { recursive: true });
    await writeFile(join(dataDir, 'queries', 'saved.json'), '{"version": 1, "queries": [{"name": 42}]');
    const { user, panel } = await openBuilder();
    await user.click(within(panel).getByRole('tab', { name: /Saved/ }));
    const warning = await within(panel).findByTestId('library-warning');
    expect(warning.textContent).toMatch(
      /^The saved queries file could not be read \(not valid JSON .*\); it was set aside as saved\.unreadable-.*\.json and a new one was started\.$/,
    );
    expect(within(panel).getByTestId('saved-empty')).toBeTruthy();
    // It stays until dismissed, though the host says it only once.
    await user.click(within(panel).getByRole('tab', { name: /History/ }));
    await user.click(within(panel).getByRole('tab', { name: /Saved/ }));
    expect(within(panel).getByTestId('library-warning')).toBe(warning);
    await user.click(within(warning).getByRole('button', { name: 'Dismiss' }));
    expect(within(panel).queryByTestId('library-warning')).toBeNull();
  });

  it('exports the builder’s query as JSON, Python (either call) and TypeScript', {
    timeout: 60_000,
  }, async () => {
    const { user } = await openBuilder();
    setBuilder(QUERY, '7');
    await user.click(screen.getByRole('button', { name: 'Export as code' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export query as code' });
    const code = () => (within(dialog).getByTestId('export-code-text') as HTMLTextAreaElement).value;

    // Python first, with the aggregation call unless the loop is chosen.
    expect(within(dialog).getByRole('tab', { name: 'Python' }).getAttribute('aria-selected')).toBe('true');
    expect(code()).toContain('rows = await datalake.query_data(QUERY, datums_wanted=DATUMS_WANTED');
    expect(code()).toContain('DATUMS_WANTED = 7');
    expect(within(dialog).getByTestId('export-code-note').textContent).toMatch(/Python cannot open/);
    await user.click(within(dialog).getByRole('radio', { name: /query_data_legacy/ }));
    expect(code()).toContain('rows = await datalake.query_data_legacy(QUERY');

    await user.click(within(dialog).getByRole('tab', { name: 'JSON' }));
    expect(JSON.parse(code())).toEqual(QUERY);
    await user.click(within(dialog).getByRole('tab', { name: 'TypeScript' }));
    expect(code()).toContain('const rows = await dl.queryData(query, { datumsWanted: 7 });');
    const { connections } = await getClient().call('connections.list', {});
    const embedded = connections.find((c) => c.kind === 'embedded');
    expect(embedded?.path).toBeTruthy();
    expect(code()).toContain(`embeddedPath: ${JSON.stringify(embedded?.path)}`);
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));

    // A query the builder cannot run is not exported: the dialog says why.
    setBuilder([{ column: 'a' }, { column: 'b', derived_from: 'zzz' }]);
    await user.click(screen.getByRole('button', { name: 'Export as code' }));
    const again = await screen.findByRole('dialog', { name: 'Export query as code' });
    expect(within(again).getByTestId('export-code-problem').textContent).toContain(
      'Unknown derived_from reference: zzz',
    );
    expect(within(again).queryByTestId('export-code-text')).toBeNull();
  });
});

/**
 * The export dialogs on the real services in process: the dataset dialog picks the image and bbox columns
 * from the query's types, lists what it would refuse instead of sending it, runs a COCO export into a
 * folder and says, on a second run there, how many files were already there; the results dialog starts
 * from the grid's fields and names a field path it refuses, keeping what was typed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getClient } from '../../api/client';
import { subscribeToJobEvents } from '../jobs/jobs-store';
import { ExportDatasetDialog } from './export-dataset-dialog';
import type { ExportSource } from './export-form';
import { ExportResultsDialog } from './export-results-dialog';

const QUERY = [
  { column: 'image', 'data.type': 'image' },
  { column: 'label', derived_from: 'image', 'data.type': 'classification', strategy: 'latest' },
  { column: 'box', derived_from: 'label', 'data.type': 'bbox' },
];
const SOURCE: ExportSource = { query: QUERY, datumsWanted: null, columns: ['image', 'label', 'box'] };

let unsubscribe: () => void;
let folder: string;
beforeEach(async () => {
  unsubscribe = subscribeToJobEvents();
  folder = await mkdtemp(join(tmpdir(), 'dlb-export-dialog-'));
});
afterEach(async () => {
  unsubscribe();
  await rm(folder, { recursive: true, force: true });
});

async function loadSample(): Promise<void> {
  const client = getClient();
  const { jobId } = await client.call('sample.load', { images: 12 });
  await waitFor(async () => expect((await client.call('jobs.get', { jobId })).status).toBe('succeeded'), {
    timeout: 30_000,
  });
}

describe('the Export dataset dialog', () => {
  it('exports COCO into a folder, then resumes there with the files already copied skipped', {
    timeout: 60_000,
  }, async () => {
    await loadSample();
    const user = userEvent.setup();
    render(<ExportDatasetDialog source={SOURCE} onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Export dataset' });
    await user.click(within(dialog).getByRole('radio', { name: /^COCO/ }));
    expect((within(dialog).getByRole('combobox', { name: 'Image column' }) as HTMLSelectElement).value).toBe(
      'image',
    );
    expect((within(dialog).getByRole('combobox', { name: 'Bbox column' }) as HTMLSelectElement).value).toBe(
      'box',
    );

    // What the host would refuse is listed, and nothing starts.
    await user.click(within(dialog).getByRole('checkbox', { name: /^image/ }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Folder' }), 'relative');
    await user.click(within(dialog).getByRole('button', { name: 'Start export' }));
    expect(within(dialog).getByTestId('export-problems').textContent).toContain(
      'The folder must be an absolute path (got "relative")',
    );
    expect(within(dialog).getByTestId('export-problems').textContent).toContain(
      'COCO: tick the image column "image" among the columns to copy',
    );
    expect(within(dialog).queryByTestId('export-job')).toBeNull();

    await user.click(within(dialog).getByRole('checkbox', { name: /^image/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^box/ }));
    await user.clear(within(dialog).getByRole('textbox', { name: 'Folder' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Folder' }), folder);
    await user.click(within(dialog).getByRole('button', { name: 'Start export' }));
    const summary = await within(dialog).findByTestId('export-summary', {}, { timeout: 30_000 });
    const rows = Number(within(summary).getByTestId('export-rows').textContent);
    expect(rows).toBeGreaterThan(0);
    expect(within(summary).getByTestId('export-skipped').textContent).toBe('0');
    expect(within(summary).getByTestId('export-manifest').textContent).toBe(join(folder, 'manifest.jsonl'));
    const coco = JSON.parse(await readFile(join(folder, 'annotations.coco.json'), 'utf8'));
    expect(coco.annotations).toHaveLength(rows);
    const copied = Number(within(summary).getByTestId('export-copied').textContent);

    const firstJob = within(dialog).getByTestId('export-job').getAttribute('data-job-id');
    await user.click(within(dialog).getByRole('button', { name: 'Export again' }));
    await waitFor(
      () => {
        const job = within(dialog).getByTestId('export-job');
        expect(job.getAttribute('data-job-id')).not.toBe(firstJob);
        expect(job.getAttribute('data-status')).toBe('succeeded');
      },
      { timeout: 30_000 },
    );
    expect(within(dialog).getByTestId('export-copied').textContent).toBe('0');
    expect(within(dialog).getByTestId('export-skipped').textContent).toBe(String(copied));
    expect(within(dialog).getByTestId('export-summary-text').textContent).toContain(
      `${copied} already there, skipped`,
    );
  });
});

describe('the Export results dialog', () => {
  it('starts from the grid’s fields and names a path it refuses, keeping the text', async () => {
    const user = userEvent.setup();
    render(
      <ExportResultsDialog
        source={{ ...SOURCE, datumsWanted: 5 }}
        gridFields={{ image: ['data.type', 'data.filename'], label: ['data.label'], box: [] }}
        onClose={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Export results' });
    const input = (column: string) =>
      within(dialog).getByRole('textbox', { name: `Fields of ${column}` }) as HTMLInputElement;
    expect(input('image').value).toBe('data.type, data.filename');
    expect(input('label').value).toBe('data.label');
    expect(input('box').value).toBe('');
    expect(
      (within(dialog).getByRole('radio', { name: 'The run’s 5 rows wanted' }) as HTMLInputElement).checked,
    ).toBe(true);
    // Not Electron: the file comes as a download.
    expect(within(dialog).getByTestId('export-destination').textContent).toContain('download');

    await user.clear(input('label'));
    await user.type(input('label'), 'data.label, confidence');
    expect(input('label').getAttribute('aria-invalid')).toBe('true');
    await user.click(within(dialog).getByRole('button', { name: 'Start export' }));
    expect(within(dialog).getByTestId('export-problems').textContent).toBe(
      'label: "confidence" is not a field path: write data.… or metadata.… (e.g. data.label)',
    );
    expect(within(dialog).queryByTestId('export-job')).toBeNull();
    expect(input('label').value).toBe('data.label, confidence');
  });
});

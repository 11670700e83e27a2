/** The export dialogs opened from the results toolbar: Export results (CSV/JSON/JSONL) and Export dataset. */
import { type Download, expect, type Locator, type Page } from '@playwright/test';

export class ExportPage {
  readonly toolbar: Locator;
  readonly exportButton: Locator;
  readonly datasetButton: Locator;
  readonly resultsDialog: Locator;
  readonly datasetDialog: Locator;

  constructor(readonly page: Page) {
    this.toolbar = page.getByRole('toolbar', { name: 'Results tools' });
    this.exportButton = this.toolbar.getByRole('button', { name: 'Export…' });
    this.datasetButton = this.toolbar.getByRole('button', { name: 'Export dataset…' });
    this.resultsDialog = page.getByRole('dialog', { name: 'Export results' });
    this.datasetDialog = page.getByRole('dialog', { name: 'Export dataset' });
  }

  async openResults(): Promise<Locator> {
    await this.exportButton.click();
    await expect(this.resultsDialog).toBeVisible();
    return this.resultsDialog;
  }

  async openDataset(): Promise<Locator> {
    await this.datasetButton.click();
    await expect(this.datasetDialog).toBeVisible();
    return this.datasetDialog;
  }

  /** The fields text of a result column in the Export results dialog. */
  fieldsInput(column: string): Locator {
    return this.resultsDialog.getByRole('textbox', { name: `Fields of ${column}` });
  }

  async chooseFormat(dialog: Locator, label: string): Promise<void> {
    await dialog.getByRole('radio', { name: new RegExp(`^${label}\\b`) }).check();
  }

  /** Starts the results export and waits for the browser to receive its download. */
  async exportResultsDownload(timeout = 60_000): Promise<Download> {
    const download = this.page.waitForEvent('download', { timeout });
    await this.start(this.resultsDialog);
    return download;
  }

  async start(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: /^(Start export|Export again)$/ }).click();
  }

  /** Starts the export again and waits until the dialog follows the new job (not the last one). */
  async startAgain(dialog: Locator): Promise<void> {
    const previous = await this.job(dialog).getAttribute('data-job-id');
    await this.start(dialog);
    await expect(this.job(dialog)).not.toHaveAttribute('data-job-id', previous ?? '');
  }

  job(dialog: Locator): Locator {
    return dialog.getByTestId('export-job');
  }

  /** Waits until the dialog's latest job has ended with `status`. */
  async waitForJob(dialog: Locator, status: string, timeout = 120_000): Promise<void> {
    await expect(this.job(dialog)).toHaveAttribute('data-status', status, { timeout });
  }

  summaryNumber(dialog: Locator, what: 'rows' | 'copied' | 'skipped' | 'failed'): Promise<number> {
    return dialog
      .getByTestId(`export-${what}`)
      .textContent()
      .then((t) => Number((t ?? '').replace(/[^\d]/g, '')));
  }
}

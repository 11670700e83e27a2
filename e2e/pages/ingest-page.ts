/**
 * Ingestion as the user does it: dropping folders or files on the window or on a datum, the dialog, the
 * jobs tray. A drop is dispatched as the browser does it, with a DataTransfer holding real files read from
 * disk (through a file input, so they keep their folder-relative paths); Playwright cannot drag from the
 * operating system, so the folder walk of a real drag (webkitGetAsEntry) is covered by unit tests.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class IngestPage {
  readonly dialog: Locator;
  readonly plan: Locator;
  readonly previewDatums: Locator;
  readonly problems: Locator;
  readonly startButton: Locator;
  readonly tray: Locator;
  readonly overlay: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('ingest-dialog');
    this.plan = page.getByTestId('ingest-plan');
    this.previewDatums = page.getByTestId('ingest-preview-datum');
    this.problems = page.getByTestId('ingest-problems');
    this.startButton = page.getByTestId('ingest-start');
    this.tray = page.getByTestId('ingest-tray');
    this.overlay = page.getByTestId('ingest-drop-overlay');
  }

  /** Drops a folder (or files) on `target` (the window's main view by default). */
  async drop(paths: string | string[], target: Locator = this.page.locator('#main-view')): Promise<void> {
    const folder = typeof paths === 'string';
    await this.page.evaluate((dir) => {
      document.getElementById('e2e-drop-source')?.remove();
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'e2e-drop-source';
      input.multiple = true;
      if (dir) input.setAttribute('webkitdirectory', '');
      input.style.display = 'none';
      document.body.append(input);
    }, folder);
    await this.page.locator('#e2e-drop-source').setInputFiles(paths);
    await target.evaluate((el) => {
      const input = document.getElementById('e2e-drop-source') as HTMLInputElement;
      const dt = new DataTransfer();
      for (const f of input.files ?? []) dt.items.add(f);
      const fire = (type: string) =>
        el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      fire('dragenter');
      fire('dragover');
      fire('drop');
      input.remove();
    });
  }

  /** Waits for the plan of the drop in the dialog (a browser sends every file to the host first). */
  async waitForPlan(timeout = 60_000): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await expect(this.plan).toBeVisible({ timeout });
    await expect(this.startButton).toBeEnabled({ timeout: 30_000 });
  }

  /** The newest job card in the tray. */
  job(): Locator {
    return this.tray.getByTestId('ingest-job').first();
  }

  async start(): Promise<void> {
    await this.startButton.click();
    await expect(this.dialog).toBeHidden();
    await expect(this.job()).toBeVisible();
  }

  /** Waits for the newest job to end with `status`, and returns its batch id. */
  async finished(
    status: 'succeeded' | 'cancelled' | 'failed' = 'succeeded',
    timeout = 120_000,
  ): Promise<string> {
    await expect(this.job()).toHaveAttribute('data-status', status, { timeout });
    const summary = this.job().getByTestId('ingest-summary');
    return (await summary.getAttribute('data-batch-id')) ?? '';
  }

  async count(what: 'written' | 'skipped' | 'failed' | 'datums'): Promise<number> {
    return Number(
      ((await this.job().getByTestId(`ingest-${what}`).textContent()) ?? '').replace(/[^\d]/g, ''),
    );
  }

  errorItems(): Locator {
    return this.job().getByTestId('ingest-error-item');
  }

  async closeSummaries(): Promise<void> {
    const close = this.tray.getByRole('button', { name: 'Close the summary' });
    // Each click removes its card, so always the first one that is left.
    while ((await close.count()) > 0) await close.first().click();
  }
}

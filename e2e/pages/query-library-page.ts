/**
 * The query library beside the builder (`History & saved`): the history of the active connection and the
 * saved queries, their search, import of query files; and the "Export query as code" dialog.
 */
import { type Download, expect, type Locator, type Page } from '@playwright/test';

export class QueryLibraryPage {
  readonly panel: Locator;
  readonly toggle: Locator;
  readonly historyEntries: Locator;
  readonly savedQueries: Locator;
  readonly notice: Locator;
  readonly error: Locator;
  readonly warnings: Locator;
  readonly importInput: Locator;
  readonly codeDialog: Locator;
  readonly codeText: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: 'Query library' });
    this.toggle = page.getByRole('button', { name: 'History & saved' });
    this.historyEntries = this.panel.getByTestId('history-entry');
    this.savedQueries = this.panel.getByTestId('saved-query');
    this.notice = this.panel.getByTestId('library-notice');
    this.error = this.panel.getByTestId('library-error');
    this.warnings = this.panel.getByTestId('library-warning');
    this.importInput = this.panel.getByTestId('import-query-file');
    this.codeDialog = page.getByRole('dialog', { name: 'Export query as code' });
    this.codeText = this.codeDialog.getByTestId('export-code-text');
  }

  /** Opens the panel (it stays open across reloads once opened). */
  async open(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-expanded')) !== 'true') await this.toggle.click();
    await expect(this.panel).toBeVisible();
  }

  tab(name: 'History' | 'Saved'): Locator {
    return this.panel.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async showHistory(): Promise<void> {
    await this.tab('History').click();
    await expect(this.tab('History')).toHaveAttribute('aria-selected', 'true');
  }

  async showSaved(): Promise<void> {
    await this.tab('Saved').click();
    await expect(this.tab('Saved')).toHaveAttribute('aria-selected', 'true');
  }

  savedQuery(name: string): Locator {
    return this.savedQueries.filter({
      has: this.page.getByRole('button', { name: `Load ${name}`, exact: true }),
    });
  }

  /** Saves the builder's query under a name, through the Saved tab's dialog. */
  async saveCurrent(name: string, description: string): Promise<void> {
    await this.showSaved();
    await this.panel.getByRole('button', { name: 'Save current query…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save query' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill(description);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.savedQuery(name)).toBeVisible();
  }

  async openCodeDialog(): Promise<void> {
    await this.page.getByRole('button', { name: 'Export as code' }).click();
    await expect(this.codeDialog).toBeVisible();
  }

  async pickLanguage(name: 'JSON' | 'Python' | 'TypeScript'): Promise<void> {
    const tab = this.codeDialog.getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  /** "Save to file…" in the dialog; on the web host that is a download. */
  async saveCode(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.codeDialog.getByRole('button', { name: 'Save to file…' }).click();
    return download;
  }
}

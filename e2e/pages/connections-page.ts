/** The connections screen: the list of connections, the add/edit form with its test, and delete. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ConnectionFields {
  name: string;
  uri: string;
  dbName: string;
}

export class ConnectionsPage {
  readonly view: Locator;
  readonly form: Locator;
  readonly formTestResult: Locator;
  readonly deleteDialog: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('connections-view');
    this.form = page.getByTestId('connection-form');
    this.formTestResult = this.form.getByTestId('connection-test-result');
    this.deleteDialog = page.getByTestId('delete-connection-dialog');
  }

  /** Opens the add form from the page header (the sidebar has a second "Add connection"). */
  async openAddForm(): Promise<void> {
    await this.view.getByRole('button', { name: 'Add connection' }).first().click();
    await expect(this.form).toBeVisible();
  }

  async fillForm(fields: ConnectionFields): Promise<void> {
    await this.form.getByLabel('Name', { exact: true }).fill(fields.name);
    await this.form.getByLabel('Connection string').fill(fields.uri);
    await this.form.getByLabel('Database name').fill(fields.dbName);
  }

  /** Clicks "Test connection" in the form and waits for its outcome (pass the time allowed). */
  async testForm(timeout = 10_000): Promise<{ ok: boolean; message: string }> {
    await this.form.getByRole('button', { name: 'Test connection' }).click();
    await expect(this.formTestResult).toHaveAttribute('data-ok', /^(true|false)$/, { timeout });
    return {
      ok: (await this.formTestResult.getAttribute('data-ok')) === 'true',
      message: ((await this.formTestResult.textContent()) ?? '').trim(),
    };
  }

  async saveForm(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save connection' }).click();
    await expect(this.form).toBeHidden();
  }

  /** Adds a connection through the form without testing it. */
  async add(fields: ConnectionFields): Promise<void> {
    await this.openAddForm();
    await this.fillForm(fields);
    await this.saveForm();
    await expect(this.row(fields.name)).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`connection-row-${name}`);
  }

  rowTestResult(name: string): Locator {
    return this.page.getByTestId(`connection-test-result-${name}`);
  }

  connectButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Connect to ${name}`, exact: true });
  }

  testButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Test ${name}`, exact: true });
  }

  editButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Edit ${name}`, exact: true });
  }

  deleteButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Delete ${name}`, exact: true });
  }

  /** Tests a saved connection from its row and returns the outcome shown there. */
  async testRow(name: string, timeout = 10_000): Promise<{ ok: boolean; message: string }> {
    await this.testButton(name).click();
    return this.rowTestOutcome(name, timeout);
  }

  /** Waits for the outcome of a row's test started earlier (clicks must not overlap: start them in turn). */
  async rowTestOutcome(name: string, timeout = 10_000): Promise<{ ok: boolean; message: string }> {
    const result = this.rowTestResult(name);
    await expect(result).toHaveAttribute('data-ok', /^(true|false)$/, { timeout });
    return {
      ok: (await result.getAttribute('data-ok')) === 'true',
      message: ((await result.textContent()) ?? '').trim(),
    };
  }
}

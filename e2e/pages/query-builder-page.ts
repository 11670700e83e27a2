/**
 * The query builder (`#/query`): stage cards, the `Query JSON` editor beside them, and the run bar.
 * Cards are found by their accessible names (`Stage <column>`), as a screen reader would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ConditionInput {
  field: string;
  /** The label shown in the operator list (`=`, `≠`, `in`, `before`, …). */
  operator?: string;
  value?: string;
  /** The value type, when not the one the field starts with (`Text`, `Number`, `Date`, …). */
  kind?: string;
}

export class QueryBuilderPage {
  readonly view: Locator;
  readonly json: Locator;
  readonly jsonStatus: Locator;
  readonly runButton: Locator;
  readonly runReason: Locator;
  readonly rowsWanted: Locator;
  readonly transpose: Locator;
  readonly stageCards: Locator;
  readonly staleNote: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('query-builder');
    this.json = page.getByRole('textbox', { name: 'Query JSON' });
    this.jsonStatus = page.getByTestId('json-status');
    this.runButton = page.getByRole('button', { name: 'Run', exact: true });
    this.runReason = page.getByTestId('run-reason');
    this.rowsWanted = page.getByLabel('Rows wanted');
    this.transpose = page.getByLabel('Transpose');
    this.stageCards = page.getByTestId('stage-card');
    this.staleNote = page.getByTestId('cards-stale');
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Query', exact: true }).click();
    await expect(this.view).toBeVisible();
  }

  /** Scrolls the view back to its top (typing into a control may have scrolled it). */
  async scrollToTop(): Promise<void> {
    await this.page.locator('#main-view').evaluate((el) => el.scrollTo(0, 0));
  }

  /** Scrolls the JSON editor back to its first line. */
  async scrollJsonToTop(): Promise<void> {
    await this.page.locator('.cm-scroller').evaluate((el) => el.scrollTo(0, 0));
  }

  stage(column: string): Locator {
    return this.page.getByRole('group', { name: `Stage ${column}`, exact: true });
  }

  /** The column names of the cards, top to bottom. */
  async columns(): Promise<string[]> {
    return this.stageCards
      .getByLabel('Column', { exact: true })
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  }

  /** Drags a stage by its handle to just before or after another stage. */
  async dragStage(column: string, onto: string, where: 'before' | 'after'): Promise<void> {
    const target = this.stage(onto);
    const box = await target.boundingBox();
    if (!box) throw new Error(`stage ${onto} is not visible`);
    await this.page
      .getByRole('button', { name: `Move stage ${column}`, exact: true })
      .dragTo(target, { targetPosition: { x: 40, y: where === 'before' ? 6 : box.height - 6 } });
  }

  async addStage(): Promise<void> {
    await this.page.getByRole('button', { name: /^Add (base|derived) stage$/ }).click();
  }

  /** The conditions of a card (or of a group inside it), top to bottom, nested ones included. */
  conditions(within: Locator): Locator {
    return within.getByTestId('condition');
  }

  /** Adds a condition at the end of a card's (or group's) own list and fills it in. */
  async addCondition(within: Locator, condition: ConditionInput): Promise<Locator> {
    const before = await this.conditions(within).count();
    await within.getByRole('button', { name: 'Condition', exact: true }).last().click();
    const row = this.conditions(within).nth(before);
    await this.fillCondition(row, condition);
    return row;
  }

  async fillCondition(row: Locator, { field, operator, value, kind }: ConditionInput): Promise<void> {
    await row.getByLabel('Field', { exact: true }).fill(field);
    if (operator) await row.getByLabel('Operator').selectOption({ label: operator });
    if (kind) await row.getByLabel('Value type').selectOption({ label: kind });
    if (value !== undefined) await row.getByLabel('Value', { exact: true }).fill(value);
  }

  /** What one condition row shows: field, operator label, value text, value type. */
  async readCondition(
    row: Locator,
  ): Promise<{ field: string; operator: string; value: string; kind: string | null }> {
    const field = await row.getByLabel('Field', { exact: true }).inputValue();
    const operator = await row.getByLabel('Operator').evaluate((s) => {
      const select = s as HTMLSelectElement;
      return select.options[select.selectedIndex]?.text ?? '';
    });
    const valueInput = row.getByLabel('Value', { exact: true });
    const value = (await valueInput.count()) > 0 ? await valueInput.inputValue() : '';
    const kindSelect = row.getByLabel(/^(Value|Item) type$/);
    const kind =
      (await kindSelect.count()) > 0
        ? await kindSelect.evaluate((s) => {
            const select = s as HTMLSelectElement;
            return select.options[select.selectedIndex]?.text ?? '';
          })
        : null;
    return { field, operator, value, kind };
  }

  /** The selected option's text of a labelled select inside a card. */
  async selected(within: Locator, label: string): Promise<string> {
    return within.getByLabel(label, { exact: true }).evaluate((s) => {
      const select = s as HTMLSelectElement;
      return select.options[select.selectedIndex]?.value ?? '';
    });
  }

  /**
   * The JSON editor's text. CodeMirror draws only the lines near the view; the queries here are short
   * enough that every line is drawn, which this checks against the line-number gutter.
   */
  async jsonText(): Promise<string> {
    const lines = await this.page.locator('.cm-content .cm-line').allInnerTexts();
    const numbers = await this.page.locator('.cm-lineNumbers .cm-gutterElement').allInnerTexts();
    const last = Math.max(...numbers.map((n) => Number(n) || 0));
    expect(lines.length, 'every line of the JSON is drawn').toBe(last);
    return lines.map((l) => (l === '\n' ? '' : l)).join('\n');
  }

  async jsonValue(): Promise<unknown> {
    return JSON.parse(await this.jsonText());
  }

  /** Replaces the JSON by pasting (a real paste event, which CodeMirror reads from the clipboard data). */
  async pasteJson(text: string): Promise<void> {
    await this.json.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.json.evaluate((el, data) => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', data);
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, text);
  }

  /** The marked (error) ranges in the JSON editor, as their text. */
  jsonErrorMarks(): Locator {
    return this.page.locator('.cm-lintRange-error');
  }

  /** The problems shown inside a card (or a condition), as text. */
  issues(within: Locator): Locator {
    return within.getByTestId('issue');
  }
}

/** The results of a query: the run's status and funnel, Cancel, the results grid and its toolbar. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ResultsPage {
  readonly status: Locator;
  /** What the run is doing in words (Running…, Complete in …, Cancelled). */
  readonly detail: Locator;
  readonly funnel: Locator;
  readonly grid: Locator;
  readonly cancelButton: Locator;
  readonly loadAllButton: Locator;
  readonly copyRowButton: Locator;
  readonly copyCellButton: Locator;
  readonly showLineageButton: Locator;
  readonly filter: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('query-run-panel').getByRole('status');
    this.detail = page.getByTestId('run-detail');
    this.funnel = page.getByRole('list', { name: 'Funnel' });
    this.grid = page.getByRole('grid', { name: 'Results' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel', exact: true });
    this.loadAllButton = page.getByRole('button', { name: 'Load all' });
    this.copyRowButton = page.getByRole('button', { name: 'Copy row' });
    this.copyCellButton = page.getByRole('button', { name: 'Copy cell' });
    this.showLineageButton = page.getByRole('button', { name: 'Show lineage' });
    this.filter = page.getByRole('searchbox', { name: 'Filter loaded rows' });
    this.error = page.getByTestId('run-error');
  }

  /** Opens `#/results` with a query, which runs it at once. */
  async run(
    baseUrl: string,
    query: unknown,
    options: { wanted?: number; transpose?: boolean } = {},
  ): Promise<void> {
    const params = new URLSearchParams({ q: JSON.stringify(query) });
    if (options.wanted) params.set('wanted', String(options.wanted));
    if (options.transpose) params.set('transpose', '1');
    const url = new URL(baseUrl);
    url.hash = `/results?${params}`;
    await this.page.goto(url.toString());
  }

  /** Waits until the run has finished (the status no longer says "so far"). */
  async waitUntilDone(timeout = 60_000): Promise<number> {
    await expect(this.status).toHaveText(/^[\d,.\s]+ rows?$/, { timeout });
    return this.rowCount();
  }

  /** The number the status element says. */
  async rowCount(): Promise<number> {
    return Number(((await this.status.textContent()) ?? '').replace(/[^\d]/g, ''));
  }

  /** Funnel items as the screen writes them (`column: count`). */
  funnelItems(): Promise<string[]> {
    return this.funnel.getByRole('listitem').allTextContents();
  }

  /** The grid's leaf column headers (the first of each group is the result column's name). */
  async groupColumns(): Promise<string[]> {
    return this.grid
      .locator('th[data-group]')
      .evaluateAll((ths) =>
        [...new Set(ths.map((th) => th.getAttribute('data-group') ?? ''))].filter(Boolean),
      );
  }

  /** Every row of the grid as `{column: id}`, scrolling the virtualised body from top to bottom. */
  async readAllRows(): Promise<Array<Record<string, string>>> {
    const columns = await this.groupColumns();
    const scroller = this.grid.locator('xpath=..');
    const rows = new Map<number, Record<string, string>>();
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    for (let guard = 0; guard < 10_000; guard++) {
      const seen = await this.grid.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          index: Number(tr.getAttribute('aria-rowindex')) - 2,
          ids: [...tr.querySelectorAll('td.rgrid__cell--id .rgrid__id')].map((s) => s.textContent ?? ''),
        })),
      );
      for (const r of seen) rows.set(r.index, Object.fromEntries(columns.map((c, i) => [c, r.ids[i]])));
      const atEnd = await scroller.evaluate((el) => {
        const before = el.scrollTop;
        el.scrollTop += el.clientHeight * 0.8;
        return el.scrollTop === before;
      });
      if (atEnd) break;
      await this.page.waitForTimeout(30);
    }
    return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  /** The body row at a 0-based index (it must be drawn). */
  row(index: number): Locator {
    return this.grid.locator(`tbody tr[aria-rowindex="${index + 2}"]`);
  }
}

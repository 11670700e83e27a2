/**
 * The overview screen: the estimate, datums by type (with their progress, time and Refresh), the schema
 * sample, and the empty state's sample loader.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class OverviewPage {
  readonly view: Locator;
  readonly emptyState: Locator;
  readonly loadSampleButton: Locator;
  readonly sampleProgress: Locator;
  readonly estimatedCount: Locator;
  readonly exactCount: Locator;
  readonly exactCountButton: Locator;
  readonly typeTotal: Locator;
  readonly typeCountsProgress: Locator;
  readonly typeCountsComputedAt: Locator;
  readonly refreshTypeCounts: Locator;
  readonly refreshButton: Locator;
  readonly schemaTable: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('overview-view');
    this.emptyState = page.getByTestId('overview-empty');
    this.loadSampleButton = page.getByRole('button', { name: 'Load sample dataset' });
    this.sampleProgress = page.getByTestId('sample-load-progress');
    this.estimatedCount = page.getByTestId('overview-estimated-count');
    this.exactCount = page.getByTestId('overview-exact-count');
    this.exactCountButton = page.getByRole('button', { name: 'Exact count' });
    this.typeTotal = page.getByTestId('overview-type-total');
    this.typeCountsProgress = page.getByTestId('overview-type-counts-progress');
    this.typeCountsComputedAt = page.getByTestId('overview-type-counts-computed-at');
    this.refreshTypeCounts = page.getByRole('button', { name: 'Refresh counts by type' });
    this.refreshButton = page.getByRole('button', { name: 'Refresh', exact: true });
    this.schemaTable = page.getByTestId('overview-schema-table');
  }

  /** The row of one `data.type` in "Datums by type" (`(none)` for datums without a type). */
  typeRow(type: string): Locator {
    return this.page.getByTestId(`overview-type-count-${type}`);
  }

  /** Waits until the counts by type are shown (with the time they were computed). */
  async waitForTypeCounts(timeout = 30_000): Promise<void> {
    await expect(this.typeCountsComputedAt).toBeVisible({ timeout });
  }

  /** When the shown counts by type were computed, as the screen's `<time dateTime>` says. */
  async typeCountsTime(): Promise<string> {
    const iso = await this.typeCountsComputedAt.locator('time').getAttribute('datetime');
    if (!iso || Number.isNaN(Date.parse(iso))) throw new Error(`no computed-at time, found "${iso}"`);
    return iso;
  }

  /** Every type listed, in screen order (once the counts are shown). */
  async listedTypes(): Promise<string[]> {
    await this.waitForTypeCounts();
    const ids = await this.page
      .locator('[data-testid^="overview-type-count-"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.slice('overview-type-count-'.length));
  }

  async typeCount(type: string): Promise<number> {
    return readCount(this.typeRow(type).getByTestId('count'));
  }

  schemaField(path: string): Locator {
    return this.page.getByTestId(`schema-field-${path}`);
  }

  /** Clicks "Load sample dataset" and waits until the overview shows the loaded datalake. */
  async loadSample(timeout = 60_000): Promise<void> {
    await this.loadSampleButton.click();
    await expect(this.estimatedCount).toBeVisible({ timeout });
  }

  async readEstimatedCount(): Promise<number> {
    return readCount(this.estimatedCount);
  }

  /** Asks for the exact count and reads it once shown. */
  async readExactCount(): Promise<number> {
    await this.exactCountButton.click();
    await expect(this.exactCount).toBeVisible();
    return readCount(this.exactCount);
  }

  /** Waits until the schema sample has been taken and its table is shown. */
  async waitForSchema(): Promise<void> {
    await expect(this.schemaTable).toBeVisible({ timeout: 30_000 });
  }
}

/** A number as the screen writes it (`1,234` or `1 234` depending on the locale) back into a number. */
export async function readCount(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`expected a count, found "${text}"`);
  return Number(digits);
}

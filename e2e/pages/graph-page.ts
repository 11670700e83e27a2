/** The inspector (`#/datum/<id>`) and the derivation graph (`#/graph/<id>`), by the names the tests rely on. */
import { expect, type Locator, type Page } from '@playwright/test';

export class LineagePages {
  readonly graph: Locator;
  readonly goTo: Locator;

  constructor(readonly page: Page) {
    this.graph = page.getByRole('region', { name: 'Derivation graph' });
    this.goTo = page.getByRole('textbox', { name: 'Go to datum' });
  }

  /** Goes to a hash route of the app already opened at the host's URL. */
  async route(hash: string): Promise<void> {
    await this.page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  }

  inspector(id: string): Locator {
    return this.page.getByRole('region', { name: `Datum ${id}`, exact: true });
  }

  node(id: string): Locator {
    return this.graph.locator(`[data-datum-id="${id}"]`);
  }

  cluster(parent: string, type: string): Locator {
    return this.graph.locator(`[data-cluster-of="${parent}:${type}"]`);
  }

  async openGraph(hash: string): Promise<void> {
    await this.route(hash);
    await expect(this.graph).toBeVisible();
    await expect(this.graph.locator('.react-flow__node').first()).toBeVisible();
  }
}

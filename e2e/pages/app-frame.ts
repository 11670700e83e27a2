/** The frame around every screen: sidebar of connections, the active datalake's name, the view tabs. */
import { expect, type Locator, type Page } from '@playwright/test';

export class AppFrame {
  readonly datalakeName: Locator;
  readonly sidebar: Locator;
  readonly errorBanner: Locator;

  constructor(readonly page: Page) {
    this.datalakeName = page.getByTestId('datalake-name');
    this.sidebar = page.getByRole('navigation', { name: 'Connections' });
    this.errorBanner = page.getByTestId('error-banner');
  }

  /** Opens the app at the host's tokened URL and waits until the connections have loaded. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.sidebar.locator('[data-testid^="connection-item-"]').first()).toBeVisible();
  }

  sidebarItem(name: string): Locator {
    return this.page.getByTestId(`connection-item-${name}`);
  }

  /** The sidebar entry marked as the active datalake. */
  activeSidebarItem(): Locator {
    return this.sidebar.locator('[aria-current="true"]');
  }

  tab(name: 'Overview' | 'Connections'): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  async showOverview(): Promise<void> {
    await this.tab('Overview').click();
    await expect(this.tab('Overview')).toHaveAttribute('aria-selected', 'true');
  }

  async showConnections(): Promise<void> {
    await this.tab('Connections').click();
    await expect(this.tab('Connections')).toHaveAttribute('aria-selected', 'true');
  }

  /** Waits until `name` is the active datalake in both the top bar and the sidebar. */
  async expectActive(name: string): Promise<void> {
    await expect(this.datalakeName).toHaveText(name);
    await expect(this.activeSidebarItem()).toHaveAttribute('data-testid', `connection-item-${name}`);
  }
}

/**
 * What a feature registers from its own folder: its routes and its entries in the view menu. The app frame
 * renders whichever route matches; nothing outside a feature's folder needs to know its screens.
 */
import type { ReactNode } from 'react';
import type { RouteMatch } from './hash-route';

export interface FeatureRoute {
  /** e.g. `/overview`, `/datum/:id`. */
  pattern: string;
  render(match: RouteMatch): ReactNode;
  /** The menu entry shown as selected while this route is open (its `id`). */
  menuId?: string;
  /**
   * Starts loading the route's data when the app opens on it, beside the connection list rather than
   * after it (the first screen's first number should not wait for two round trips in a row).
   */
  prefetch?(match: RouteMatch): void;
}

export interface MenuEntry {
  id: string;
  label: string;
  href: string;
  /** Lower comes first. */
  order: number;
}

export interface Feature {
  id: string;
  routes: FeatureRoute[];
  menu?: MenuEntry[];
}

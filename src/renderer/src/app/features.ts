/**
 * The features of the app, in one list: each registers its routes and menu entries from its own folder
 * (`features/<name>/feature.tsx`). Adding a screen means adding its feature here, nothing else.
 */
import { connectionsFeature } from '../features/connections/feature';
import { graphFeature } from '../features/graph/feature';
import { inspectorFeature } from '../features/inspector/feature';
import { overviewFeature } from '../features/overview/feature';
import { queryBuilderFeature } from '../features/query-builder/feature';
import type { Feature, FeatureRoute, MenuEntry } from './routing/feature';
import { type Location, matchPattern, type RouteMatch } from './routing/hash-route';

export const FEATURES: Feature[] = [
  overviewFeature,
  queryBuilderFeature,
  connectionsFeature,
  inspectorFeature,
  graphFeature,
];

/** Where `#/` and unknown routes land. */
export const HOME_HREF = '#/overview';

export const MENU: MenuEntry[] = FEATURES.flatMap((f) => f.menu ?? []).sort((a, b) => a.order - b.order);

export function resolveRoute(location: Location): { route: FeatureRoute; match: RouteMatch } | null {
  for (const feature of FEATURES) {
    for (const route of feature.routes) {
      const match = matchPattern(route.pattern, location);
      if (match) return { route, match };
    }
  }
  return null;
}

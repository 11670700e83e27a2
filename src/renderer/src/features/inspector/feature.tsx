import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/routing/feature';
import { Spinner } from '../../components/spinner';

// The inspector (JSON tree, previews, boxes) loads with the first datum opened, not with the app.
const InspectorView = lazy(() => import('./inspector-view').then((m) => ({ default: m.InspectorView })));

/** `#/datum/<id>`: the datum inspector. Reached from the grid, the graph and the "Go to datum" box. */
export const inspectorFeature: Feature = {
  id: 'inspector',
  routes: [
    {
      pattern: '/datum/:id',
      render: (m) => (
        <Suspense fallback={<Spinner label="Loading the inspector" />}>
          <InspectorView key={m.params.id} id={m.params.id} />
        </Suspense>
      ),
    },
  ],
};

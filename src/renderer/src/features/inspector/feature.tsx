import type { Feature } from '../../app/routing/feature';
import { InspectorView } from './inspector-view';

/** `#/datum/<id>`: the datum inspector. Reached from the grid, the graph and the "Go to datum" box. */
export const inspectorFeature: Feature = {
  id: 'inspector',
  routes: [{ pattern: '/datum/:id', render: (m) => <InspectorView key={m.params.id} id={m.params.id} /> }],
};

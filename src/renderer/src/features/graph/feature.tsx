import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/routing/feature';
import { Spinner } from '../../components/spinner';
import { parseGraphParams } from './graph-route';

// React Flow and dagre load with the first graph opened, not with the app.
const GraphView = lazy(() => import('./graph-view').then((m) => ({ default: m.GraphView })));

/** `#/graph/<id>[?row=<ids>&query=<json>&depth=<n>]`: the derivation graph (see graph-route.ts). */
export const graphFeature: Feature = {
  id: 'graph',
  routes: [
    {
      pattern: '/graph/:id',
      render: (m) => (
        <Suspense fallback={<Spinner label="Loading the graph" />}>
          <GraphView focus={m.params.id} params={parseGraphParams(m.query)} />
        </Suspense>
      ),
    },
  ],
};

import type { Feature } from '../../app/routing/feature';
import { parseGraphParams } from './graph-route';
import { GraphView } from './graph-view';

/** `#/graph/<id>[?row=<ids>&query=<json>&depth=<n>]`: the derivation graph (see graph-route.ts). */
export const graphFeature: Feature = {
  id: 'graph',
  routes: [
    {
      pattern: '/graph/:id',
      render: (m) => <GraphView focus={m.params.id} params={parseGraphParams(m.query)} />,
    },
  ],
};

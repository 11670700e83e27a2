import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/routing/feature';
import { Spinner } from '../../components/spinner';

// The connection forms load when the screen is first opened, not with the app.
const ConnectionsView = lazy(() =>
  import('./connections-view').then((m) => ({ default: m.ConnectionsView })),
);

export const connectionsFeature: Feature = {
  id: 'connections',
  routes: [
    {
      pattern: '/connections',
      render: () => (
        <Suspense fallback={<Spinner label="Loading connections" />}>
          <ConnectionsView />
        </Suspense>
      ),
      menuId: 'connections',
    },
  ],
  menu: [{ id: 'connections', label: 'Connections', href: '#/connections', order: 90 }],
};

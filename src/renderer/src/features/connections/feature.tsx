import type { Feature } from '../../app/routing/feature';
import { ConnectionsView } from './connections-view';
import './connections.css';

export const connectionsFeature: Feature = {
  id: 'connections',
  routes: [{ pattern: '/connections', render: () => <ConnectionsView />, menuId: 'connections' }],
  menu: [{ id: 'connections', label: 'Connections', href: '#/connections', order: 90 }],
};

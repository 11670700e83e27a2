import type { Feature } from '../../app/routing/feature';
import { prefetchOverview } from './overview-store';
import { OverviewView } from './overview-view';
import './overview.css';

export const overviewFeature: Feature = {
  id: 'overview',
  routes: [
    { pattern: '/overview', render: () => <OverviewView />, menuId: 'overview', prefetch: prefetchOverview },
  ],
  menu: [{ id: 'overview', label: 'Overview', href: '#/overview', order: 10 }],
};

import type { Feature } from '../../app/routing/feature';
import { QueryBuilderView } from './query-builder-view';

export const queryBuilderFeature: Feature = {
  id: 'query-builder',
  routes: [{ pattern: '/query', render: () => <QueryBuilderView />, menuId: 'query' }],
  menu: [{ id: 'query', label: 'Query', href: '#/query', order: 20 }],
};

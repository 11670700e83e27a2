import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/routing/feature';
import { Spinner } from '../../components/spinner';

// The builder (CodeMirror, the results grid, the library and export dialogs) loads when first opened,
// not with the app: the first screen's paint waits for the main bundle only.
const QueryBuilderView = lazy(() =>
  import('./query-builder-view').then((m) => ({ default: m.QueryBuilderView })),
);

export const queryBuilderFeature: Feature = {
  id: 'query-builder',
  routes: [
    {
      pattern: '/query',
      render: () => (
        <Suspense fallback={<Spinner label="Loading the query builder" />}>
          <QueryBuilderView />
        </Suspense>
      ),
      menuId: 'query',
    },
  ],
  menu: [{ id: 'query', label: 'Query', href: '#/query', order: 20 }],
};

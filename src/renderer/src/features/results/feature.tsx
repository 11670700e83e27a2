import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/routing/feature';
import { Spinner } from '../../components/spinner';

// Loaded with the first results page, like the builder (see query-builder/feature.tsx).
const ResultsPage = lazy(() => import('./results-page').then((m) => ({ default: m.ResultsPage })));

export const resultsFeature: Feature = {
  id: 'results',
  routes: [
    {
      pattern: '/results',
      render: (match) => (
        <Suspense fallback={<Spinner label="Loading the results" />}>
          <ResultsPage
            q={match.query.get('q')}
            wanted={match.query.get('wanted')}
            transpose={match.query.get('transpose') === '1'}
          />
        </Suspense>
      ),
      menuId: 'query',
    },
  ],
};

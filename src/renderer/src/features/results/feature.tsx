import type { Feature } from '../../app/routing/feature';
import { ResultsPage } from './results-page';

export const resultsFeature: Feature = {
  id: 'results',
  routes: [
    {
      pattern: '/results',
      render: (match) => (
        <ResultsPage
          q={match.query.get('q')}
          wanted={match.query.get('wanted')}
          transpose={match.query.get('transpose') === '1'}
        />
      ),
      menuId: 'query',
    },
  ],
};

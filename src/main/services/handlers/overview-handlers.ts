import type { DomainHandlers } from './types';

export const overviewHandlers: DomainHandlers<
  'overview.get' | 'overview.typeCounts' | 'overview.exactCount' | 'overview.schema'
> = ({ overview }) => ({
  'overview.get': () => overview.get(),
  'overview.typeCounts': (input) => overview.typeCounts(input),
  'overview.exactCount': () => overview.exactCount(),
  'overview.schema': () => overview.schema(),
});

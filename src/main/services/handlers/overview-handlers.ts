import type { DomainHandlers } from './types';

export const overviewHandlers: DomainHandlers<'overview.get' | 'overview.exactCount' | 'overview.schema'> = ({
  overview,
}) => ({
  'overview.get': () => overview.get(),
  'overview.exactCount': () => overview.exactCount(),
  'overview.schema': () => overview.schema(),
});

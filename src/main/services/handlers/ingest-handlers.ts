import type { DomainHandlers } from './types';

export const ingestHandlers: DomainHandlers<
  'ingest.plan' | 'ingest.start' | 'ingest.registries' | 'ingest.checkRegistry' | 'ingest.discard'
> = ({ ingest }) => ({
  'ingest.plan': (options, caller) => ingest.plan(options, caller),
  'ingest.start': (options, caller) => ingest.start(options, caller),
  'ingest.registries': () => ingest.registries(),
  'ingest.checkRegistry': ({ uri }) => ingest.checkRegistry(uri),
  'ingest.discard': ({ uploadIds }, { session }) => ingest.discard(uploadIds, session),
});

import type { DomainHandlers } from './types';

export const libraryHandlers: DomainHandlers<
  | 'queries.history'
  | 'queries.clearHistory'
  | 'queries.saved'
  | 'queries.save'
  | 'queries.delete'
  | 'queries.import'
> = ({ library }) => ({
  'queries.history': (input) => library.listHistory(input),
  'queries.clearHistory': () => library.clearHistory(),
  'queries.saved': (input) => library.listSaved(input),
  'queries.save': (input) => library.save(input),
  'queries.delete': ({ id }) => library.delete(id),
  'queries.import': (input) => library.import(input),
});

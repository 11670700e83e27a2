import type { DomainHandlers } from './types';

export const connectionsHandlers: DomainHandlers<
  | 'connections.list'
  | 'connections.add'
  | 'connections.update'
  | 'connections.delete'
  | 'connections.test'
  | 'connections.activate'
> = ({ connections }) => ({
  'connections.list': () => connections.list(),
  'connections.add': (input) => connections.add(input),
  'connections.update': (input) => connections.update(input),
  'connections.delete': ({ id }) => connections.delete(id),
  'connections.test': (input) => connections.test(input),
  'connections.activate': ({ id }) => connections.activate(id),
});

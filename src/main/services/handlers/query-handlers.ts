import type { DomainHandlers } from './types';

export const queryHandlers: DomainHandlers<'query.open' | 'query.next' | 'query.close'> = ({ query }) => ({
  'query.open': (input, { session }) => query.open(session, input),
  'query.next': (input, { session }) => query.next(session, input),
  'query.close': (input, { session }) => query.close(session, input),
});

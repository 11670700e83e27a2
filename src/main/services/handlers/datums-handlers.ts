import type { DomainHandlers } from './types';

export const datumsHandlers: DomainHandlers<'datums.get'> = ({ datums }) => ({
  'datums.get': (input) => datums.get(input),
});

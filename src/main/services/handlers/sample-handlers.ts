import type { DomainHandlers } from './types';

export const sampleHandlers: DomainHandlers<'sample.load'> = ({ sample }) => ({
  'sample.load': async ({ images }, { session }) => ({ jobId: await sample.start({ images }, { session }) }),
});

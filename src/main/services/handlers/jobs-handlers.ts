import type { DomainHandlers } from './types';

export const jobsHandlers: DomainHandlers<'jobs.get' | 'jobs.list' | 'jobs.cancel'> = ({ jobs }) => ({
  'jobs.get': ({ jobId }) => jobs.get(jobId),
  'jobs.list': () => ({ jobs: jobs.list() }),
  'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
});

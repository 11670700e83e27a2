import type { DomainHandlers } from './types';

export const jobsHandlers: DomainHandlers<'jobs.get' | 'jobs.list' | 'jobs.cancel'> = ({ jobs }) => ({
  'jobs.get': ({ jobId }, { session }) => jobs.get(jobId, session),
  'jobs.list': (_input, { session }) => ({ jobs: jobs.list(session) }),
  'jobs.cancel': ({ jobId }, { session }) => ({ cancelled: jobs.cancel(jobId, session) }),
});

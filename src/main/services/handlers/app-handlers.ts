import type { DomainHandlers } from './types';

export const appHandlers: DomainHandlers<'app.info' | 'app.session'> = (services) => ({
  'app.info': () => ({
    ...services.app,
    dataDir: services.dataDir,
    secretStorage: { ...services.secrets.protection },
  }),
  'app.session': (_input, { session }) => ({ sessionId: session.id }),
});

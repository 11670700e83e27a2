import type { DomainHandlers } from './types';

export const appHandlers: DomainHandlers<'app.info'> = (services) => ({
  'app.info': () => ({
    ...services.app,
    dataDir: services.dataDir,
    secretStorage: { ...services.secrets.protection },
  }),
});

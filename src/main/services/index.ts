/** Public entry of the services (used by the Electron shell's ipc.ts and the web host). */
export { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher';
export { FILE_SECRETS_WARNING, FileSecretStore } from './file-secret-store';
export type { CallContext, Handlers } from './handlers/types';
export { type JobRun, JobRunner, type Progress } from './jobs';
export type { SecretStore } from './secret-store';
export {
  type AppInfo,
  createServices,
  type HostDialogs,
  type Services,
  type ServicesOptions,
} from './services';
export { type ClientSession, type Emit, type OwnedSession, type SendEvent, SessionHub } from './sessions';

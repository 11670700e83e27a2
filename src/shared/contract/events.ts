/**
 * Every pushed event's schema, joined. A file of its own so that the web transport can load it after the
 * first screen's calls (api/ws-bridge.ts) instead of building every call's schema before React renders.
 */
import { connectionsEvents } from './connections';
import { jobsEvents } from './jobs';
import { overviewEvents } from './overview';

export const events = {
  ...jobsEvents,
  ...connectionsEvents,
  ...overviewEvents,
} as const;

export function isEventName(name: unknown): name is keyof typeof events {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

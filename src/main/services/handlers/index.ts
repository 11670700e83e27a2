/** Every domain's handlers merged into one map; a call handled twice is a programming error. */
import type { CallName } from '#shared/contract';
import type { Services } from '../services';
import { appHandlers } from './app-handlers';
import { connectionsHandlers } from './connections-handlers';
import { datumsHandlers } from './datums-handlers';
import { exportHandlers } from './export-handlers';
import { graphHandlers } from './graph-handlers';
import { ingestHandlers } from './ingest-handlers';
import { jobsHandlers } from './jobs-handlers';
import { libraryHandlers } from './library-handlers';
import { overviewHandlers } from './overview-handlers';
import { queryHandlers } from './query-handlers';
import { sampleHandlers } from './sample-handlers';
import type { Handlers } from './types';

export const DOMAINS = [
  appHandlers,
  connectionsHandlers,
  overviewHandlers,
  sampleHandlers,
  jobsHandlers,
  queryHandlers,
  datumsHandlers,
  ingestHandlers,
  libraryHandlers,
  exportHandlers,
  graphHandlers,
] as const;

type HandledNames = HandledBy<(typeof DOMAINS)[number]>;
type HandledBy<D> = D extends (services: Services) => infer R ? keyof R : never;
/** Fails to compile when a contract call has no handler in any domain. */
export const EVERY_CALL_HANDLED: [Exclude<CallName, HandledNames>] extends [never] ? true : never = true;

export function buildHandlers(services: Services): Handlers {
  const merged: Record<string, unknown> = {};
  for (const domain of DOMAINS) {
    for (const [name, handler] of Object.entries(domain(services))) {
      if (Object.hasOwn(merged, name)) throw new Error(`Two handlers for the call "${name}"`);
      merged[name] = handler;
    }
  }
  return merged as Handlers;
}

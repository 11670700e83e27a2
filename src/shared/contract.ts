/**
 * The one contract every call and pushed event crosses (Electron IPC and the web host's WebSocket).
 * Each domain describes its calls and events in its own file under ./contract/; this file joins them.
 * Everything here is JSON: dates are ISO strings, ids are 24-hex strings. Names are stable; only add.
 */
import type { z } from 'zod';
import { appCalls } from './contract/app';
import type { Envelope } from './contract/common';
import { connectionsCalls } from './contract/connections';
import { datumsCalls } from './contract/datums';
import { events } from './contract/events';
import { exportCalls } from './contract/export';
import { graphCalls } from './contract/graph';
import { ingestCalls } from './contract/ingest';
import { jobsCalls } from './contract/jobs';
import { libraryCalls } from './contract/library';
import { overviewCalls } from './contract/overview';
import { queryCalls } from './contract/query';
import { sampleCalls } from './contract/sample';

export * from './contract/app';
export * from './contract/common';
export * from './contract/connections';
export * from './contract/datums';
export * from './contract/events';
export * from './contract/export';
export * from './contract/graph';
export * from './contract/ingest';
export * from './contract/jobs';
export * from './contract/library';
export * from './contract/overview';
export * from './contract/query';
export * from './contract/sample';
export * from './contract/wire';

export const calls = {
  ...appCalls,
  ...connectionsCalls,
  ...overviewCalls,
  ...sampleCalls,
  ...jobsCalls,
  ...queryCalls,
  ...datumsCalls,
  ...ingestCalls,
  ...libraryCalls,
  ...exportCalls,
  ...graphCalls,
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** What a host exposes to the renderer (preload's `window.datalake`, or the WebSocket client). */
export interface DatalakeBridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<CallOutput<N>>>;
  on<N extends EventName>(event: N, cb: (payload: EventPayload<N>) => void): () => void;
}

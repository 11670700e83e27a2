/**
 * The renderer's one way to reach the engine. Every feature calls `getClient()`; the transport underneath
 * is Electron IPC (preload's `window.datalake`), the web host's WebSocket, or, in component tests, the real
 * services in the same process (src/test-support/in-process-bridge.ts).
 * Error envelopes come back as the typed errors of src/shared/errors.ts, so callers can `instanceof`.
 */
import type {
  CallInput,
  CallName,
  CallOutput,
  DatalakeBridge,
  EventName,
  EventPayload,
} from '#shared/contract';
import { type DatalakeError, errorFromPayload } from '#shared/errors';
import type { DesktopFiles } from './desktop-files';
import { createWebSocketBridge, readSessionToken } from './ws-bridge';

export type ClientHost = 'electron' | 'web' | 'in-process';

export interface DatalakeClient {
  readonly host: ClientHost;
  /** Resolves with the call's output, or rejects with a typed `DatalakeError`. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(event: N, cb: (payload: EventPayload<N>) => void): () => void;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload (src/preload/index.ts). */
    datalake?: DatalakeBridge & DesktopFiles;
  }
}

/** Wraps any bridge (IPC, WebSocket, in-process) into the throwing, typed client the features use. */
export function createClient(bridge: DatalakeBridge, host: ClientHost): DatalakeClient {
  return {
    host,
    async call(name, input) {
      const envelope = await bridge.call(name, input);
      if (envelope.ok) return envelope.data;
      throw errorFromPayload(envelope.error);
    },
    on(event, cb) {
      return bridge.on(event, cb);
    },
  };
}

let current: DatalakeClient | undefined;

/** The client for this page: IPC inside Electron, otherwise the web host's WebSocket with the URL token. */
export function getClient(): DatalakeClient {
  if (current) return current;
  if (typeof window !== 'undefined' && window.datalake) {
    current = createClient(window.datalake, 'electron');
  } else {
    const token = readSessionToken();
    current = createClient(createWebSocketBridge({ url: webSocketUrl(token) }), 'web');
  }
  return current;
}

/** Replaces the client (component tests install the in-process one this way). */
export function setClient(client: DatalakeClient): void {
  current = client;
}

function webSocketUrl(token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/ws${query}`;
}

export type { DatalakeError };

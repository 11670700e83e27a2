/**
 * Client sessions: one per Electron window or WebSocket connection. A session owns what its client started
 * (cursors, jobs, uploads) and receives the events addressed to it; closing the window or socket disposes
 * the session, which releases all of that. Only true broadcasts (the active connection changed) go to every
 * session.
 */
import type { EventName, EventPayload } from '#shared/contract';

export type Emit = <N extends EventName>(event: N, payload: EventPayload<N>) => void;
/** How a host delivers one event to its client (a window's webContents.send, a socket frame). */
export type SendEvent = (event: EventName, payload: unknown) => void;

export interface ClientSession {
  readonly id: string;
  /** Sends an event to this client only. */
  readonly emit: Emit;
  /** Aborted when the session ends, for work that should stop with its client. */
  readonly signal: AbortSignal;
  readonly disposed: boolean;
  /** Runs `release` when the session ends (at once if it has ended); returns a function that unregisters it. */
  onDispose(release: () => void | Promise<void>): () => void;
}

export interface OwnedSession extends ClientSession {
  /** Ends the session: aborts its signal and runs every release, waiting for all of them. */
  dispose(): Promise<void>;
}

export class SessionHub {
  private readonly sessions = new Map<string, OwnedSession>();

  /** Opens a session for a client; its id must be unique among open sessions. */
  open(id: string, send: SendEvent): OwnedSession {
    if (this.sessions.has(id)) throw new Error(`A session with id "${id}" is already open`);
    const controller = new AbortController();
    const releases = new Set<() => void | Promise<void>>();
    let disposing: Promise<void> | undefined;
    const hub = this;
    const session: OwnedSession = {
      id,
      signal: controller.signal,
      get disposed() {
        return controller.signal.aborted;
      },
      emit: (event, payload) => {
        if (controller.signal.aborted) return;
        try {
          send(event, payload);
        } catch (err) {
          // A client that went away mid-send must not break the sender (a job's progress loop).
          console.error(`sending ${event} to session ${id} failed:`, err);
        }
      },
      onDispose(release) {
        if (controller.signal.aborted) {
          void Promise.resolve()
            .then(release)
            .catch((err) => console.error(`releasing for session ${id} failed:`, err));
          return () => {};
        }
        releases.add(release);
        return () => releases.delete(release);
      },
      dispose() {
        disposing ??= (async () => {
          controller.abort();
          hub.sessions.delete(id);
          const pending = [...releases];
          releases.clear();
          const results = await Promise.allSettled(pending.map(async (release) => release()));
          for (const r of results) {
            if (r.status === 'rejected') console.error(`releasing for session ${id} failed:`, r.reason);
          }
        })();
        return disposing;
      },
    };
    this.sessions.set(id, session);
    return session;
  }

  get(id: string): ClientSession | undefined {
    return this.sessions.get(id);
  }

  /** Ids of the open sessions (tests and diagnostics). */
  ids(): string[] {
    return [...this.sessions.keys()];
  }

  /** Sends an event to every open session: only for what concerns every client. */
  readonly broadcast: Emit = (event, payload) => {
    for (const session of this.sessions.values()) session.emit(event, payload);
  };

  /** Disposes every session (the host is closing). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.dispose()));
  }
}

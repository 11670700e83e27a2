/**
 * One `ipcMain.handle` per contract call. Each checks that the caller is the app's own page in a main
 * frame, then hands the raw input to the services' dispatcher, which validates it against the contract and
 * always answers an envelope. Each window's web contents is a client session (opened at its first call,
 * disposed when it is destroyed or its renderer dies), so its events, cursors and jobs are its own.
 *
 * `ipcMain` is injected and electron is imported for types only, so this runs in unit tests without the
 * Electron binary (ipc.test.ts).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES, type Envelope, type EventName } from '#shared/contract';
import { callChannel, eventChannel } from '#shared/ipc-channels';
import type { Dispatcher, OwnedSession, SessionHub } from './services';
import { isAppUrl, type RendererLocation } from './shell-config';

/** The parts of a web contents this module uses (a test passes a small fake). */
export type IpcSender = Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'getURL' | 'once'>;
export type IpcInvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: IpcSender };

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Dispatcher;
  sessions: SessionHub;
  location: RendererLocation;
}

/** Registers the handlers; returns a function that removes them and ends every window's session. */
export function registerIpc({ ipcMain, dispatcher, sessions, location }: IpcOptions): () => Promise<void> {
  const bySender = new Map<number, OwnedSession>();

  const sessionFor = (sender: IpcSender): OwnedSession => {
    const known = bySender.get(sender.id);
    if (known && !known.disposed) return known;
    const send = (event: EventName, payload: unknown) => {
      // A window that navigated away from the app (or is closing) gets nothing.
      if (sender.isDestroyed() || !isAppUrl(sender.getURL(), location)) return;
      sender.send(eventChannel(event), payload);
    };
    const session = sessions.open(`window-${sender.id}`, send);
    bySender.set(sender.id, session);
    const end = () => {
      bySender.delete(sender.id);
      void session.dispose();
    };
    sender.once('destroyed', end);
    sender.once('render-process-gone', end);
    return session;
  };

  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<Envelope<unknown>> => {
      const invoke = event as unknown as IpcInvokeEvent;
      if (!isTrustedSender(invoke, location)) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `The call ${name} came from a page that is not the app.`,
            details: {},
          },
        };
      }
      return dispatcher.dispatch(name, input, { host: 'electron', session: sessionFor(invoke.sender) });
    });
  }

  return async () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    const open = [...bySender.values()];
    bySender.clear();
    await Promise.all(open.map((s) => s.dispose()));
  };
}

/** Only the app's top-level page may call; an iframe or a navigated-away page may not. */
function isTrustedSender(event: IpcInvokeEvent, location: RendererLocation): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, location);
}

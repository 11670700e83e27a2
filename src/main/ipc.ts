/**
 * One `ipcMain.handle` per contract call. Each checks that the caller is the app's own page in a main
 * frame, then hands the raw input to the services' dispatcher, which validates it against the contract and
 * always answers an envelope. Pushed events go to app windows only.
 */
import { BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { CALL_NAMES, type Envelope } from '#shared/contract';
import { callChannel, eventChannel } from '#shared/ipc-channels';
import type { Dispatcher, EventHub } from './services';
import { isAppUrl, type RendererLocation } from './shell-config';

export interface IpcOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  location: RendererLocation;
}

/** Registers the handlers and the event forwarding; returns a function that removes both. */
export function registerIpc({ dispatcher, events, location }: IpcOptions): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, location)) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `The call ${name} came from a page that is not the app.`,
            details: {},
          },
        };
      }
      return dispatcher.dispatch(name, input, { host: 'electron', client: `webContents:${event.sender.id}` });
    });
  }

  const unsubscribe = events.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (contents.isDestroyed() || !isAppUrl(contents.getURL(), location)) continue;
      contents.send(eventChannel(event), payload);
    }
  });

  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    unsubscribe();
  };
}

/** Only the app's top-level page may call; an iframe or a navigated-away page may not. */
function isTrustedSender(event: IpcMainInvokeEvent, location: RendererLocation): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, location);
}

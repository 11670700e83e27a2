/**
 * The sandboxed preload: exposes `window.datalake = {call, on, pathForFile}` and nothing else. Names outside
 * the contract are refused here already (main checks again), and the IPC event object never reaches the
 * page. `pathForFile` tells the page where a file the user dropped or chose is on disk (for ingestion);
 * the page never gets Node or the file system itself.
 * Built as one CommonJS file with the contract bundled in: a sandboxed preload can only require 'electron'.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { type DatalakeBridge, type Envelope, isCallName, isEventName } from '#shared/contract';
import { callChannel, eventChannel } from '#shared/ipc-channels';

const bridge: DatalakeBridge = {
  call(name, input) {
    if (!isCallName(name)) {
      const shown = String(name).slice(0, 100);
      const refused: Envelope<never> = {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `Unknown call "${shown}"`, details: { name: shown } },
      };
      return Promise.resolve(refused);
    }
    return ipcRenderer.invoke(callChannel(name), input);
  },
  on(event, cb) {
    if (!isEventName(event)) throw new TypeError(`Unknown event "${String(event).slice(0, 100)}"`);
    if (typeof cb !== 'function') throw new TypeError('on(event, callback) needs a function');
    const listener = (_event: IpcRendererEvent, payload: unknown) => cb(payload as never);
    ipcRenderer.on(eventChannel(event), listener);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), listener);
    };
  },
};

/** The path of a File from a drop or a file input (Electron 32+ no longer puts it on `File.path`). */
function pathForFile(file: unknown): string {
  if (typeof File === 'undefined' || !(file instanceof File)) {
    throw new TypeError('pathForFile(file) needs a File the user dropped or chose');
  }
  return webUtils.getPathForFile(file);
}

contextBridge.exposeInMainWorld('datalake', Object.freeze({ call: bridge.call, on: bridge.on, pathForFile }));

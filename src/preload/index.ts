/**
 * The sandboxed preload: exposes `window.datalake = {call, on}` and nothing else. Names outside the
 * contract are refused here already (main checks again), and the IPC event object never reaches the page.
 * Built as one CommonJS file with the contract bundled in: a sandboxed preload can only require 'electron'.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
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

contextBridge.exposeInMainWorld('datalake', Object.freeze({ call: bridge.call, on: bridge.on }));

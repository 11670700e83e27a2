/** Electron IPC channel names for the contract, shared by the preload and main (ipc.ts). */
import type { CallName, EventName } from './contract';

export const callChannel = (name: CallName): string => `datalake:call:${name}`;
export const eventChannel = (name: EventName): string => `datalake:event:${name}`;

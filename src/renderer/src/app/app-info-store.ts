/** What the host says about itself (`app.info`): versions, data folder, and how secrets are kept. */
import { create } from 'zustand';
import type { CallOutput } from '#shared/contract';
import { getClient } from '../api/client';

type AppInfo = CallOutput<'app.info'>;

interface AppInfoState {
  info: AppInfo | null;
  load(): Promise<void>;
}

export const useAppInfo = create<AppInfoState>((set) => ({
  info: null,
  async load() {
    try {
      set({ info: await getClient().call('app.info', {}) });
    } catch {
      // Informational only: the UI falls back to neutral wording without it.
    }
  },
}));

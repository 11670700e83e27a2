/** Saved connections and the active one, mirrored from the host (which owns them and their secrets). */
import { create } from 'zustand';
import type { CallInput, CallOutput, Connection } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface ConnectionsState {
  status: LoadStatus;
  connections: Connection[];
  activeId: string | null;
  error: DatalakeError | null;
  /** The id being activated, so the sidebar can show it is switching. */
  activatingId: string | null;
  /** Set when `error` came from switching to this connection (so the banner can offer to retry). */
  failedActivationId: string | null;
  load(): Promise<void>;
  add(input: CallInput<'connections.add'>): Promise<Connection>;
  update(input: CallInput<'connections.update'>): Promise<Connection>;
  remove(id: string): Promise<void>;
  activate(id: string): Promise<void>;
  test(input: CallInput<'connections.test'>): Promise<CallOutput<'connections.test'>>;
  clearError(): void;
}

export const useConnections = create<ConnectionsState>((set, get) => ({
  status: 'idle',
  connections: [],
  activeId: null,
  error: null,
  activatingId: null,
  failedActivationId: null,

  async load() {
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
    try {
      const { connections, activeId } = await getClient().call('connections.list', {});
      set({ status: 'ready', connections, activeId, error: null });
    } catch (err) {
      set({ status: 'error', error: err as DatalakeError });
    }
  },

  async add(input) {
    const conn = await getClient().call('connections.add', input);
    await get().load();
    return conn;
  },

  async update(input) {
    const conn = await getClient().call('connections.update', input);
    await get().load();
    return conn;
  },

  async remove(id) {
    const { activeId } = await getClient().call('connections.delete', { id });
    set((s) => ({ connections: s.connections.filter((c) => c.id !== id), activeId }));
    void get().load();
  },

  async activate(id) {
    set({ activatingId: id, error: null, failedActivationId: null });
    try {
      await getClient().call('connections.activate', { id });
      set({ activeId: id });
    } catch (err) {
      set({ error: err as DatalakeError, failedActivationId: id });
    } finally {
      set({ activatingId: null });
    }
  },

  test(input) {
    return getClient().call('connections.test', input);
  },

  clearError() {
    set({ error: null, failedActivationId: null });
  },
}));

/** The active connection object, or null before the list has loaded. */
export function useActiveConnection(): Connection | null {
  return useConnections((s) => s.connections.find((c) => c.id === s.activeId) ?? null);
}

/** Keeps the store in step with changes made elsewhere (another window, a deleted active connection). */
export function subscribeToConnectionChanges(): () => void {
  return getClient().on('connections.changed', ({ activeId }) => {
    useConnections.setState({ activeId });
    void useConnections.getState().load();
  });
}

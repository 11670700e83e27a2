/**
 * The active datalake's overview: the estimated count and counts by type first (cheap), the exact count
 * only on request, and the schema sample right after (it reads up to 1,000 datums).
 */
import { create } from 'zustand';
import type { CallOutput } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';

type Overview = CallOutput<'overview.get'>;
type Schema = CallOutput<'overview.schema'>;

interface Section<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: DatalakeError | null;
}

const idle = <T>(): Section<T> => ({ status: 'idle', data: null, error: null });

interface OverviewState {
  /** The connection these figures belong to; a switch clears them. */
  connectionId: string | null;
  overview: Section<Overview>;
  exactCount: Section<number>;
  schema: Section<Schema>;
  load(connectionId: string): Promise<void>;
  loadExactCount(): Promise<void>;
  loadSchema(): Promise<void>;
}

export const useOverview = create<OverviewState>((set, get) => {
  /** Runs a call for one section, dropping the answer if the active connection changed meanwhile. */
  async function run<K extends 'overview' | 'exactCount' | 'schema', T>(key: K, fn: () => Promise<T>) {
    const connectionId = get().connectionId;
    set((s) => ({ [key]: { ...s[key], status: 'loading', error: null } }) as Partial<OverviewState>);
    try {
      const data = await fn();
      if (get().connectionId !== connectionId) return;
      set({ [key]: { status: 'ready', data, error: null } } as Partial<OverviewState>);
    } catch (err) {
      if (get().connectionId !== connectionId) return;
      set((s) => ({ [key]: { ...s[key], status: 'error', error: err } }) as Partial<OverviewState>);
    }
  }

  return {
    connectionId: null,
    overview: idle(),
    exactCount: idle(),
    schema: idle(),

    async load(connectionId) {
      if (get().connectionId !== connectionId) {
        set({ connectionId, overview: idle(), exactCount: idle(), schema: idle() });
      } else {
        set({ exactCount: idle() });
      }
      await run('overview', () => getClient().call('overview.get', {}));
      const overview = get().overview.data;
      if (overview && overview.estimatedCount > 0) await get().loadSchema();
      else set({ schema: idle() });
    },

    async loadExactCount() {
      await run('exactCount', async () => (await getClient().call('overview.exactCount', {})).count);
    },

    async loadSchema() {
      await run('schema', () => getClient().call('overview.schema', {}));
    },
  };
});

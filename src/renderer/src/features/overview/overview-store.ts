/**
 * The active datalake's overview, in parts that do not wait for each other: the estimated count first
 * (instant), then the counts by type (cached by the app per connection, with progress while they run)
 * and the schema sample side by side; the exact count only on request.
 */
import { create } from 'zustand';
import type { CallOutput, EventPayload, TypeCounts } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';

type Overview = CallOutput<'overview.get'>;
type Schema = CallOutput<'overview.schema'>;
export type TypeCountsProgress = Pick<EventPayload<'overview.typeCounts.progress'>, 'done' | 'total'>;

interface Section<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Kept while a reload runs, so the screen does not blank out. */
  data: T | null;
  error: DatalakeError | null;
}

const idle = <T>(): Section<T> => ({ status: 'idle', data: null, error: null });

type SectionKey = 'overview' | 'typeCounts' | 'exactCount' | 'schema';

interface OverviewState {
  /** The connection these figures belong to; a switch clears them. */
  connectionId: string | null;
  overview: Section<Overview>;
  typeCounts: Section<TypeCounts>;
  /** How far the running count by type has got (null before its first report). */
  typeCountsProgress: TypeCountsProgress | null;
  exactCount: Section<number>;
  schema: Section<Schema>;
  load(connectionId: string): Promise<void>;
  loadTypeCounts(refresh?: boolean): Promise<void>;
  loadExactCount(): Promise<void>;
  loadSchema(): Promise<void>;
}

/** The estimate asked for as the app opens on the overview (see `prefetchOverview`), not yet taken. */
let prefetched: Promise<Overview> | null = null;

/**
 * Asks for the estimate while the connection list is still on its way, and puts the answer in the store as
 * it comes, so the overview's first render already shows it (one render and paint fewer before the number).
 */
export function prefetchOverview(): void {
  if (prefetched) return;
  prefetched = getClient().call('overview.get', {});
  prefetched.then(
    (answer) => {
      // Only into an empty store: anything loaded meanwhile is newer.
      if (useOverview.getState().connectionId !== null) return;
      useOverview.setState({
        connectionId: answer.connection.id,
        overview: { status: 'ready', data: answer, error: null },
      });
    },
    () => {}, // a failure is reported by `load`, which asks again
  );
}

export const useOverview = create<OverviewState>((set, get) => {
  /** Runs a call for one section, dropping the answer if the active connection changed meanwhile. */
  async function run<T>(key: SectionKey, fn: () => Promise<T>) {
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
    typeCounts: idle(),
    typeCountsProgress: null,
    exactCount: idle(),
    schema: idle(),

    async load(connectionId) {
      if (get().connectionId !== connectionId) {
        set({
          connectionId,
          overview: idle(),
          typeCounts: idle(),
          typeCountsProgress: null,
          exactCount: idle(),
          schema: idle(),
        });
      } else {
        set({ exactCount: idle() });
      }
      const early = prefetched;
      prefetched = null;
      await run('overview', async () => {
        const answer = early && (await early.catch(() => null));
        // Taken for the connection on screen only: a switch meanwhile asks again.
        if (answer && answer.connection.id === connectionId) return answer;
        return getClient().call('overview.get', {});
      });
      const overview = get().overview.data;
      if (overview && overview.estimatedCount > 0) {
        await Promise.all([get().loadTypeCounts(), get().loadSchema()]);
      } else if (overview) {
        set({ typeCounts: idle(), schema: idle() });
      }
    },

    async loadTypeCounts(refresh = false) {
      set({ typeCountsProgress: null });
      await run('typeCounts', () => getClient().call('overview.typeCounts', refresh ? { refresh } : {}));
    },

    async loadExactCount() {
      await run('exactCount', async () => (await getClient().call('overview.exactCount', {})).count);
    },

    async loadSchema() {
      await run('schema', () => getClient().call('overview.schema', {}));
    },
  };
});

/** Follows the progress of counts by type for the connection on screen; returns the unsubscribe. */
export function subscribeToTypeCountsProgress(): () => void {
  return getClient().on('overview.typeCounts.progress', ({ connectionId, done, total }) => {
    const s = useOverview.getState();
    if (s.connectionId !== connectionId || s.typeCounts.status !== 'loading') return;
    useOverview.setState({ typeCountsProgress: { done, total } });
  });
}

/**
 * The query library as the panel shows it: the active connection's history and the saved queries, mirrored
 * from the host (which keeps both in the app's data folder), each with its search. A library file the host
 * could not read is reported once by the host; the panel keeps that warning until it is dismissed.
 */
import { create } from 'zustand';
import type { HistoryEntry, SavedQuery, SavedQueryDraft } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { getClient } from '../../api/client';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
export type LibraryTab = 'history' | 'saved';

interface ListState<T> {
  status: LoadStatus;
  items: T[];
  error: DatalakeError | null;
  search: string;
}

/** A message after an action (loaded, saved, imported, exported), or the error it met. */
export type LibraryNotice =
  | { kind: 'info'; message: string }
  | { kind: 'error'; title: string; error: DatalakeError | Error };

interface LibraryState {
  open: boolean;
  tab: LibraryTab;
  history: ListState<HistoryEntry>;
  saved: ListState<SavedQuery>;
  /** Library files the host set aside, as it said, until dismissed. */
  warnings: string[];
  notice: LibraryNotice | null;

  setOpen(open: boolean): void;
  setTab(tab: LibraryTab): void;
  searchHistory(text: string): Promise<void>;
  searchSaved(text: string): Promise<void>;
  /** Reloads the history (`quiet`: without showing a loading state, e.g. a periodic refresh). */
  refreshHistory(quiet?: boolean): Promise<void>;
  refreshSaved(quiet?: boolean): Promise<void>;
  clearHistory(): Promise<number>;
  save(draft: SavedQueryDraft): Promise<SavedQuery>;
  remove(id: string): Promise<void>;
  importFile(text: string, fileName: string): Promise<SavedQuery[]>;
  /** Every saved query, whatever the search (for "Export all"). */
  allSaved(): Promise<SavedQuery[]>;
  setNotice(notice: LibraryNotice | null): void;
  dismissWarning(message: string): void;
}

const OPEN_KEY = 'datalake-browser.query-library.open';

/** Open by default only where it fits beside the builder without covering the JSON editor. */
function initialOpen(): boolean {
  try {
    const saved = localStorage.getItem(OPEN_KEY);
    if (saved !== null) return saved === '1';
  } catch {
    // Storage may be unavailable (privacy settings): fall back to the width.
  }
  return typeof window !== 'undefined' && window.innerWidth >= 1600;
}

const emptyList = <T>(): ListState<T> => ({ status: 'idle', items: [], error: null, search: '' });

// Answers can come back out of order while a search is typed: only the latest request's answer counts.
const latest = { history: 0, saved: 0 };

export const useLibrary = create<LibraryState>((set, get) => {
  const addWarning = (warning: string | undefined) => {
    if (warning && !get().warnings.includes(warning)) set({ warnings: [...get().warnings, warning] });
  };

  return {
    open: initialOpen(),
    tab: 'history',
    history: emptyList(),
    saved: emptyList(),
    warnings: [],
    notice: null,

    setOpen(open) {
      set({ open });
      try {
        localStorage.setItem(OPEN_KEY, open ? '1' : '0');
      } catch {
        // Not remembered across restarts then; nothing else depends on it.
      }
    },

    setTab(tab) {
      set({ tab });
    },

    async searchHistory(text) {
      set({ history: { ...get().history, search: text } });
      await get().refreshHistory(true);
    },

    async searchSaved(text) {
      set({ saved: { ...get().saved, search: text } });
      await get().refreshSaved(true);
    },

    async refreshHistory(quiet = false) {
      const request = ++latest.history;
      if (!quiet || get().history.status === 'idle')
        set({ history: { ...get().history, status: 'loading', error: null } });
      try {
        const search = get().history.search.trim();
        const out = await getClient().call('queries.history', search ? { search } : {});
        addWarning(out.warning);
        if (request !== latest.history) return;
        set({ history: { ...get().history, status: 'ready', items: out.entries, error: null } });
      } catch (err) {
        if (request !== latest.history) return;
        set({ history: { ...get().history, status: 'error', error: err as DatalakeError } });
      }
    },

    async refreshSaved(quiet = false) {
      const request = ++latest.saved;
      if (!quiet || get().saved.status === 'idle')
        set({ saved: { ...get().saved, status: 'loading', error: null } });
      try {
        const search = get().saved.search.trim();
        const out = await getClient().call('queries.saved', search ? { search } : {});
        addWarning(out.warning);
        if (request !== latest.saved) return;
        set({ saved: { ...get().saved, status: 'ready', items: out.queries, error: null } });
      } catch (err) {
        if (request !== latest.saved) return;
        set({ saved: { ...get().saved, status: 'error', error: err as DatalakeError } });
      }
    },

    async clearHistory() {
      const { cleared } = await getClient().call('queries.clearHistory', {});
      await get().refreshHistory(true);
      return cleared;
    },

    async save(draft) {
      const saved = await getClient().call('queries.save', draft);
      await get().refreshSaved(true);
      return saved;
    },

    async remove(id) {
      await getClient().call('queries.delete', { id });
      await get().refreshSaved(true);
    },

    async importFile(text, fileName) {
      const { queries } = await getClient().call('queries.import', { text, fileName });
      await get().refreshSaved(true);
      return queries;
    },

    async allSaved() {
      const out = await getClient().call('queries.saved', {});
      addWarning(out.warning);
      return out.queries;
    },

    setNotice(notice) {
      set({ notice });
    },

    dismissWarning(message) {
      set({ warnings: get().warnings.filter((w) => w !== message) });
    },
  };
});

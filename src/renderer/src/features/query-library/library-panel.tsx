/**
 * The query library beside the builder: the active connection's history and the saved queries, in two
 * tabs. A panel along the right edge of the view: on wide windows the builder makes room for it, on
 * narrower ones it lies over the JSON editor until it is closed. Warnings about library files the host
 * had to set aside, and the outcome of the last action, show at its top.
 */
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { AlertIcon, CloseIcon, InfoIcon } from '../../components/icons';
import { HistoryList } from './history-list';
import { BookmarkIcon, HistoryIcon } from './icons';
import { type LibraryTab, useLibrary } from './library-store';
import { SavedList } from './saved-list';
import './query-library.css';

export const LIBRARY_PANEL_ID = 'query-library';

/** Where the routed view starts on screen (below the top bar), so the panel lines up with it. */
function useViewTop(): number {
  const [top, setTop] = useState(0);
  useEffect(() => {
    const measure = () => setTop(document.getElementById('main-view')?.getBoundingClientRect().top ?? 0);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return top;
}

const TABS: Array<{ id: LibraryTab; label: string; icon: typeof HistoryIcon }> = [
  { id: 'history', label: 'History', icon: HistoryIcon },
  { id: 'saved', label: 'Saved', icon: BookmarkIcon },
];

const WITH_LIBRARY = 'app__view--with-library';

export function QueryLibraryPanel() {
  const open = useLibrary((s) => s.open);
  return open ? <LibraryPanel /> : null;
}

function LibraryPanel() {
  const tab = useLibrary((s) => s.tab);
  const setTab = useLibrary((s) => s.setTab);
  const setOpen = useLibrary((s) => s.setOpen);
  const historyCount = useLibrary((s) => (s.history.status === 'ready' ? s.history.items.length : null));
  const savedCount = useLibrary((s) => (s.saved.status === 'ready' ? s.saved.items.length : null));
  const top = useViewTop();
  const ids = useId();
  const counts: Record<LibraryTab, number | null> = { history: historyCount, saved: savedCount };

  // The view makes room for the panel (query-library.css). A class rather than `.app__view:has(.qlib)`:
  // a :has() on the scrolling view is matched again on every row the results grid inserts while scrolling.
  useEffect(() => {
    const view = document.querySelector('.app__view');
    view?.classList.add(WITH_LIBRARY);
    return () => view?.classList.remove(WITH_LIBRARY);
  }, []);

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = tab === 'history' ? 'saved' : 'history';
    setTab(next);
    document.getElementById(`${ids}-${next}`)?.focus();
  };

  return (
    <aside
      id={LIBRARY_PANEL_ID}
      className="qlib"
      aria-label="Query library"
      data-testid="query-library"
      style={{ top }}
    >
      <header className="qlib__header">
        <h3 className="qlib__title">Query library</h3>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close the query library"
          onClick={() => setOpen(false)}
        >
          <CloseIcon />
        </button>
      </header>
      <div className="qlib__tabs" role="tablist" aria-label="Query library lists" onKeyDown={onTabKey}>
        {TABS.map(({ id, label, icon: Icon }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`${ids}-${id}`}
            className="qlib__tab"
            aria-selected={tab === id}
            aria-controls={`${ids}-panel`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
          >
            <Icon size={15} />
            {label}
            {counts[id] !== null && <span className="qlib__count">{counts[id]}</span>}
          </button>
        ))}
      </div>
      <LibraryMessages />
      <div className="qlib__body" role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-${tab}`}>
        {tab === 'history' ? <HistoryList /> : <SavedList />}
      </div>
    </aside>
  );
}

function LibraryMessages() {
  const warnings = useLibrary((s) => s.warnings);
  const dismissWarning = useLibrary((s) => s.dismissWarning);
  const notice = useLibrary((s) => s.notice);
  const setNotice = useLibrary((s) => s.setNotice);
  if (warnings.length === 0 && !notice) return null;
  return (
    <div className="qlib__messages">
      {warnings.map((w) => (
        <div key={w} className="qlib-warning" role="alert" data-testid="library-warning">
          <AlertIcon size={15} className="qlib-warning__icon" />
          <p className="qlib-warning__text">{w}</p>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismissWarning(w)}>
            <CloseIcon size={14} />
          </button>
        </div>
      ))}
      {notice?.kind === 'error' && (
        <ErrorBanner
          error={notice.error}
          title={notice.title}
          testId="library-error"
          onDismiss={() => setNotice(null)}
        />
      )}
      {notice?.kind === 'info' && (
        <div className="qlib-notice" role="status" data-testid="library-notice">
          <InfoIcon size={14} />
          <p className="qlib-notice__text">{notice.message}</p>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => setNotice(null)}>
            <CloseIcon size={14} />
          </button>
        </div>
      )}
    </div>
  );
}

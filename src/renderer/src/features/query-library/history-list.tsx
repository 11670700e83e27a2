/**
 * The active connection's last runs, newest first: what ran, when, how many rows, how long, how it ended.
 * One click loads a run into the builder. The host records runs as they happen, so the list refreshes
 * while it is shown (and when the window regains focus).
 */
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '#shared/contract';
import { ErrorBanner } from '../../components/error-banner';
import { TrashIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { useConnections } from '../connections/connections-store';
import { loadIntoBuilder } from './builder-bridge';
import { ConfirmDialog } from './confirm-dialog';
import { BookmarkIcon } from './icons';
import { useLibrary } from './library-store';
import { optionsText } from './query-preview';
import { baseFilterText, formatDuration, formatRows, formatWhen, stageChain } from './query-summary';
import { SaveQueryDialog } from './save-query-dialog';
import { SearchField } from './search-field';

/** How often the shown history is read again (runs end while it is on screen). */
const REFRESH_MS = 2500;

const STATUS_LABEL: Record<HistoryEntry['status'], string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export function HistoryList() {
  const history = useLibrary((s) => s.history);
  const refresh = useLibrary((s) => s.refreshHistory);
  const search = useLibrary((s) => s.searchHistory);
  const clear = useLibrary((s) => s.clearHistory);
  const setNotice = useLibrary((s) => s.setNotice);
  const connection = useConnections((s) => s.connections.find((c) => c.id === s.activeId));
  const [saving, setSaving] = useState<HistoryEntry | null>(null);
  const [clearing, setClearing] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the history is per connection: read it again on a switch
  useEffect(() => {
    void refresh();
  }, [connection?.id, refresh]);

  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') void refresh(true);
    };
    const timer = setInterval(tick, REFRESH_MS);
    window.addEventListener('focus', tick);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', tick);
    };
  }, [refresh]);

  const load = (entry: HistoryEntry) => {
    loadIntoBuilder(entry);
    setNotice({ kind: 'info', message: `Loaded the run of ${formatWhen(entry.startedAt)} into the builder` });
  };

  return (
    <div className="qlib-section" data-testid="history-list">
      <div className="qlib-toolbar">
        <SearchField label="Search history" value={history.search} onChange={(v) => void search(v)} />
        <button
          type="button"
          className="btn btn--small btn--ghost"
          disabled={history.items.length === 0 || history.search.trim() !== ''}
          onClick={() => setClearing(true)}
        >
          <TrashIcon size={14} /> Clear
        </button>
      </div>
      {history.status === 'error' && history.error ? (
        <ErrorBanner
          error={history.error}
          title="Could not read the history"
          onRetry={() => void refresh()}
        />
      ) : history.status === 'loading' && history.items.length === 0 ? (
        <div className="qlib-empty">
          <Spinner label="Loading the history" />
        </div>
      ) : history.items.length === 0 ? (
        <p className="qlib-empty" data-testid="history-empty">
          {history.search.trim()
            ? `No run matches “${history.search.trim()}”.`
            : `No runs yet on ${connection?.name ?? 'this connection'}. Run a query and it appears here.`}
        </p>
      ) : (
        <ol className="qlib-list" aria-label="Runs, newest first">
          {history.items.map((entry) => (
            <HistoryItem key={entry.id} entry={entry} onLoad={load} onSave={setSaving} />
          ))}
        </ol>
      )}
      <p className="qlib-foot muted">The last 50 runs on {connection?.name ?? 'this connection'} are kept.</p>
      {saving && <SaveQueryDialog request={{ mode: 'new', query: saving }} onClose={() => setSaving(null)} />}
      {clearing && (
        <ConfirmDialog
          title="Clear the history?"
          action="Clear history"
          testId="clear-history-dialog"
          onClose={() => setClearing(false)}
          onConfirm={async () => {
            const cleared = await clear();
            setNotice({ kind: 'info', message: `Cleared ${cleared === 1 ? '1 run' : `${cleared} runs`}` });
          }}
        >
          <p>
            The runs kept for <strong>{connection?.name ?? 'this connection'}</strong> will be removed.
          </p>
          <p className="muted">Saved queries are not touched.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function HistoryItem({
  entry,
  onLoad,
  onSave,
}: {
  entry: HistoryEntry;
  onLoad: (entry: HistoryEntry) => void;
  onSave: (entry: HistoryEntry) => void;
}) {
  const filter = baseFilterText(entry.query);
  const chain = stageChain(entry.query);
  const when = formatWhen(entry.startedAt);
  return (
    <li className="qlib-item" data-testid="history-entry" data-status={entry.status}>
      <button
        type="button"
        className="qlib-item__load"
        title="Load into the builder"
        aria-label={`Load ${chain}, run ${when}`}
        onClick={() => onLoad(entry)}
      >
        <span className="qlib-item__chain">{chain}</span>
        {filter && (
          <span className="qlib-item__filter" title={filter}>
            {filter}
          </span>
        )}
        <span className="qlib-item__meta">
          <span className={`qlib-status qlib-status--${entry.status}`} data-testid="history-status">
            {STATUS_LABEL[entry.status]}
          </span>
          <time dateTime={entry.startedAt} title={new Date(entry.startedAt).toLocaleString()}>
            {when}
          </time>
          {entry.rows !== null && (
            <span className="qlib-dot" data-testid="history-rows">
              {formatRows(entry.rows)}
            </span>
          )}
          {entry.durationMs !== null && <span className="qlib-dot">{formatDuration(entry.durationMs)}</span>}
        </span>
        <span className="qlib-item__options">{optionsText(entry)}</span>
        {entry.error && <span className="qlib-item__error">{entry.error}</span>}
      </button>
      <div className="qlib-item__actions">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Save the run of ${when}`}
          title="Save with a name"
          onClick={() => onSave(entry)}
        >
          <BookmarkIcon size={15} />
        </button>
      </div>
    </li>
  );
}

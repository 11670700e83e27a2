/**
 * Named saved queries: save the builder's query, load one with a click, edit (rename, describe, take the
 * builder's query), delete with confirmation, and carry them as `.json` query files — export one or the
 * whole collection, import a file (validated by the host, all or nothing, its error shown here).
 */
import { useEffect, useRef, useState } from 'react';
import type { SavedQuery } from '#shared/contract';
import { serializeQueryFile } from '#shared/query-library/query-file';
import { ErrorBanner } from '../../components/error-banner';
import { EditIcon, PlusIcon, TrashIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { loadIntoBuilder } from './builder-bridge';
import { ConfirmDialog } from './confirm-dialog';
import { DownloadIcon, UploadIcon } from './icons';
import { useLibrary } from './library-store';
import { optionsText } from './query-preview';
import { baseFilterText, fileNameFor, formatWhen, stageChain } from './query-summary';
import { describeSave, saveTextFile } from './save-file';
import { SaveQueryDialog, type SaveRequest } from './save-query-dialog';
import { SearchField } from './search-field';

/** A query file (one query or a collection) out through the host's dialog or a download. */
async function exportQueries(queries: SavedQuery[], fileName: string): Promise<string | null> {
  const outcome = await saveTextFile({
    text: serializeQueryFile(queries),
    fileName,
    title: queries.length === 1 ? `Export “${queries[0].name}”` : 'Export the saved queries',
    filter: { name: 'Query file', extensions: ['json'] },
    mimeType: 'application/json',
  });
  return describeSave(outcome);
}

export function SavedList() {
  const saved = useLibrary((s) => s.saved);
  const refresh = useLibrary((s) => s.refreshSaved);
  const search = useLibrary((s) => s.searchSaved);
  const remove = useLibrary((s) => s.remove);
  const importFile = useLibrary((s) => s.importFile);
  const allSaved = useLibrary((s) => s.allSaved);
  const setNotice = useLibrary((s) => s.setNotice);
  const [dialog, setDialog] = useState<SaveRequest | null>(null);
  const [deleting, setDeleting] = useState<SavedQuery | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async (title: string, work: () => Promise<string | null>) => {
    try {
      const message = await work();
      if (message) setNotice({ kind: 'info', message });
    } catch (err) {
      setNotice({ kind: 'error', title, error: err as Error });
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    await run(`Could not import ${file.name}`, async () => {
      const imported = await importFile(await file.text(), file.name);
      const names = imported.map((q) => `“${q.name}”`).join(', ');
      return `Imported ${imported.length === 1 ? '1 query' : `${imported.length} queries`} from ${file.name}: ${names}`;
    });
    // The same file can be picked again after a fix.
    if (fileInput.current) fileInput.current.value = '';
  };

  const load = (q: SavedQuery) => {
    loadIntoBuilder(q);
    setNotice({ kind: 'info', message: `Loaded “${q.name}” into the builder` });
  };

  return (
    <div className="qlib-section" data-testid="saved-list">
      <div className="qlib-toolbar qlib-toolbar--wrap">
        <button
          type="button"
          className="btn btn--small btn--primary"
          onClick={() => setDialog({ mode: 'new' })}
        >
          <PlusIcon size={14} /> Save current query…
        </button>
        <span className="qlib-toolbar__spacer" />
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={() => fileInput.current?.click()}
        >
          <UploadIcon size={14} /> Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Import a query file"
          data-testid="import-query-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <button
          type="button"
          className="btn btn--small btn--ghost"
          disabled={saved.items.length === 0 && saved.search.trim() === ''}
          onClick={() =>
            void run('Could not export the saved queries', async () => {
              const all = await allSaved();
              if (all.length === 0) return 'There are no saved queries to export';
              return exportQueries(all, 'saved-queries.json');
            })
          }
        >
          <DownloadIcon size={14} /> Export all
        </button>
      </div>
      <SearchField label="Search saved queries" value={saved.search} onChange={(v) => void search(v)} />
      {saved.status === 'error' && saved.error ? (
        <ErrorBanner
          error={saved.error}
          title="Could not read the saved queries"
          onRetry={() => void refresh()}
        />
      ) : saved.status === 'loading' && saved.items.length === 0 ? (
        <div className="qlib-empty">
          <Spinner label="Loading the saved queries" />
        </div>
      ) : saved.items.length === 0 ? (
        <p className="qlib-empty" data-testid="saved-empty">
          {saved.search.trim()
            ? `No saved query matches “${saved.search.trim()}”.`
            : 'No saved queries yet. Save the builder’s query with a name, or import a query file.'}
        </p>
      ) : (
        <ul className="qlib-list" aria-label="Saved queries, by name">
          {saved.items.map((q) => (
            <li key={q.id} className="qlib-item" data-testid="saved-query">
              <button
                type="button"
                className="qlib-item__load"
                title="Load into the builder"
                aria-label={`Load ${q.name}`}
                onClick={() => load(q)}
              >
                <span className="qlib-item__name">{q.name}</span>
                {q.description && <span className="qlib-item__description">{q.description}</span>}
                <span className="qlib-item__chain">{stageChain(q.query)}</span>
                {baseFilterText(q.query) && (
                  <span className="qlib-item__filter">{baseFilterText(q.query)}</span>
                )}
                <span className="qlib-item__meta">
                  <span>{optionsText(q)}</span>
                  <time
                    className="qlib-dot"
                    dateTime={q.updatedAt}
                    title={new Date(q.updatedAt).toLocaleString()}
                  >
                    saved {formatWhen(q.updatedAt)}
                  </time>
                </span>
              </button>
              <div className="qlib-item__actions">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Edit ${q.name}`}
                  title="Rename, describe, or update"
                  onClick={() => setDialog({ mode: 'edit', existing: q })}
                >
                  <EditIcon size={15} />
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Export ${q.name}`}
                  title="Export as a query file (.json)"
                  onClick={() =>
                    void run(`Could not export “${q.name}”`, () =>
                      exportQueries([q], fileNameFor(q.name, 'json')),
                    )
                  }
                >
                  <DownloadIcon size={15} />
                </button>
                <button
                  type="button"
                  className="icon-btn icon-btn--danger"
                  aria-label={`Delete ${q.name}`}
                  title="Delete"
                  onClick={() => setDeleting(q)}
                >
                  <TrashIcon size={15} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dialog && <SaveQueryDialog request={dialog} onClose={() => setDialog(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete saved query?"
          action="Delete"
          testId="delete-query-dialog"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await remove(deleting.id);
            setNotice({ kind: 'info', message: `Deleted “${deleting.name}”` });
          }}
        >
          <p>
            <strong>{deleting.name}</strong> will be removed from the saved queries.
          </p>
          <p className="muted">Its runs stay in the history; export it first to keep a copy.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

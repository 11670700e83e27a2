/**
 * Saving a query under a name with a description: a new one (the builder's query, or a run from the
 * history), or an update of a saved one (rename, describe, and optionally take the builder's query).
 * The host validates the query with the engine's validator and refuses a name already taken.
 */
import { type FormEvent, useId, useState } from 'react';
import type { SavedQuery } from '#shared/contract';
import { type DatalakeError, InvalidInputError } from '#shared/errors';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { AlertIcon } from '../../components/icons';
import { type LibraryQuery, useBuilderQuery } from './builder-bridge';
import { useLibrary } from './library-store';
import { QueryPreview } from './query-preview';

export type SaveRequest =
  /** A new saved query; `query` absent means the builder's current one. */
  { mode: 'new'; query?: LibraryQuery } | { mode: 'edit'; existing: SavedQuery };

export function SaveQueryDialog({ request, onClose }: { request: SaveRequest; onClose: () => void }) {
  const save = useLibrary((s) => s.save);
  const setNotice = useLibrary((s) => s.setNotice);
  const setTab = useLibrary((s) => s.setTab);
  const builder = useBuilderQuery();
  const existing = request.mode === 'edit' ? request.existing : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [replace, setReplace] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<DatalakeError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const nameErrorId = useId();
  const descriptionId = useId();

  // What will be saved: the given query, the builder's, or (editing) the saved one unless replaced.
  const query: LibraryQuery | null =
    request.mode === 'new'
      ? (request.query ?? (builder.ok ? builder.value : null))
      : replace
        ? builder.ok
          ? builder.value
          : null
        : request.existing;
  const blocked = request.mode === 'new' && !request.query && !builder.ok ? builder.reason : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError('Give the query a name.');
      return;
    }
    if (!query) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await save({
        ...(existing ? { id: existing.id } : {}),
        name: name.trim(),
        description: description.trim(),
        query: query.query,
        datumsWanted: query.datumsWanted,
        transpose: query.transpose,
      });
      setNotice({ kind: 'info', message: `Saved “${saved.name}”` });
      setTab('saved');
      onClose();
    } catch (err) {
      setBusy(false);
      if (err instanceof InvalidInputError && err.details?.field === 'name') setNameError(err.message);
      else setError(err as DatalakeError);
    }
  };

  return (
    <Dialog
      title={existing ? 'Edit saved query' : 'Save query'}
      onClose={onClose}
      testId="save-query-dialog"
      footer={
        <>
          <span className="dialog__footer-spacer" />
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form={`${nameId}-form`}
            className="btn btn--primary"
            disabled={busy || !query}
          >
            {existing ? 'Save changes' : 'Save'}
          </button>
        </>
      }
    >
      <form id={`${nameId}-form`} className="form qlib-form" onSubmit={submit} noValidate>
        {error && <ErrorBanner error={error} title="Could not save the query" />}
        <div className="field">
          <label className="field__label" htmlFor={nameId}>
            Name
          </label>
          <input
            id={nameId}
            className="input"
            value={name}
            maxLength={200}
            autoFocus
            aria-invalid={nameError !== null}
            aria-describedby={nameError ? nameErrorId : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
          />
          {nameError && (
            <p className="field__error" id={nameErrorId}>
              {nameError}
            </p>
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={descriptionId}>
            Description
          </label>
          <textarea
            id={descriptionId}
            className="input qlib-form__description"
            value={description}
            maxLength={5000}
            rows={3}
            placeholder="What it selects and what it is for"
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        {existing && (
          <label className="qlib-form__check">
            <input
              type="checkbox"
              checked={replace}
              disabled={!builder.ok}
              onChange={(e) => setReplace(e.target.checked)}
            />
            <span>
              Replace its query with the builder’s
              {!builder.ok && (
                <span className="field__hint"> (the builder’s query cannot be saved: {builder.reason})</span>
              )}
            </span>
          </label>
        )}
        {blocked ? (
          <p className="qlib-form__problem" role="alert">
            <AlertIcon size={14} /> The builder’s query cannot be saved yet: {blocked}
          </p>
        ) : (
          query && <QueryPreview query={query} />
        )}
      </form>
    </Dialog>
  );
}

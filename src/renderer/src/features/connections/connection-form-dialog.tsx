/** Add or edit a MongoDB connection, with "Test connection" before saving. */
import { type FormEvent, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Connection } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { DEFAULT_REGISTRY_GENERATION } from '#shared/registry-generation';
import { useAppInfo } from '../../app/app-info-store';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Spinner } from '../../components/spinner';
import { REGISTRY_LAYOUT_LABELS, TIMESTAMP_LABELS } from './connection-text';
import { useConnections } from './connections-store';
import { TestResult, type TestState } from './test-result';

type Timestamps = Connection['timestamps'];
type RegistryLayout = Connection['registryGeneration'];

interface Props {
  /** The connection to edit; absent when adding. */
  editing?: Connection;
  onClose: () => void;
  onSaved: (conn: Connection) => void;
}

export function ConnectionFormDialog({ editing, onClose, onSaved }: Props) {
  const { add, update, test } = useConnections(
    useShallow((s) => ({ add: s.add, update: s.update, test: s.test })),
  );
  const secretStorage = useAppInfo((s) => s.info?.secretStorage);
  const [name, setName] = useState(editing?.name ?? '');
  const [uri, setUri] = useState(editing?.uriRedacted ?? '');
  const [dbName, setDbName] = useState(editing?.dbName ?? '');
  const [timestamps, setTimestamps] = useState<Timestamps>(editing?.timestamps ?? 'utc');
  const [registryGeneration, setRegistryGeneration] = useState<RegistryLayout>(
    editing?.registryGeneration ?? DEFAULT_REGISTRY_GENERATION,
  );
  const [testState, setTestState] = useState<TestState>({ status: 'idle' });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DatalakeError | null>(null);
  const [touched, setTouched] = useState(false);

  const missing = {
    name: name.trim() === '',
    uri: uri.trim() === '',
    dbName: dbName.trim() === '',
  };
  const invalid = missing.name || missing.uri || missing.dbName;

  const runTest = async () => {
    setTouched(true);
    if (missing.uri || missing.dbName) return;
    setTestState({ status: 'testing' });
    try {
      const result = await test({ id: editing?.id, uri: uri.trim(), dbName: dbName.trim() });
      setTestState({ status: 'done', result });
    } catch (err) {
      setTestState({ status: 'error', message: (err as Error).message });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    setSaving(true);
    setError(null);
    try {
      const input = {
        name: name.trim(),
        uri: uri.trim(),
        dbName: dbName.trim(),
        timestamps,
        registryGeneration,
      };
      const saved = editing
        ? await update({ id: editing.id, ...input })
        : await add({ kind: 'mongodb', ...input });
      onSaved(saved);
    } catch (err) {
      setError(err as DatalakeError);
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (key: keyof typeof missing, text: string) =>
    touched && missing[key] ? (
      <span className="field__error" id={`conn-${key}-error`}>
        {text}
      </span>
    ) : null;

  return (
    <Dialog
      title={editing ? `Edit “${editing.name}”` : 'Add a MongoDB connection'}
      onClose={onClose}
      testId="connection-form"
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={runTest}
            disabled={testState.status === 'testing'}
            data-testid="connection-test-button"
          >
            Test connection
          </button>
          <span className="dialog__footer-spacer" />
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="connection-form" className="btn btn--primary" disabled={saving}>
            {saving && <Spinner label="Saving" size={12} />}
            {editing ? 'Save changes' : 'Save connection'}
          </button>
        </>
      }
    >
      <form id="connection-form" className="form" onSubmit={submit} noValidate>
        {error && (
          <ErrorBanner error={error} onDismiss={() => setError(null)} testId="connection-form-error" />
        )}
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Training data (production)"
            aria-invalid={touched && missing.name}
            aria-describedby={touched && missing.name ? 'conn-name-error' : undefined}
            autoFocus
          />
          {fieldError('name', 'Give the connection a name.')}
        </label>
        <label className="field">
          <span className="field__label">Connection string</span>
          <input
            className="input input--mono"
            value={uri}
            onChange={(e) => {
              setUri(e.target.value);
              setTestState({ status: 'idle' });
            }}
            placeholder="mongodb://user:password@host:27017"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={touched && missing.uri}
            aria-describedby={touched && missing.uri ? 'conn-uri-error' : 'conn-uri-hint'}
          />
          {fieldError('uri', 'Enter a MongoDB connection string.') ?? (
            <span className="field__hint" id="conn-uri-hint">
              {editing && uri.includes('***')
                ? 'The saved password shows as ***; leave it as it is to keep it.'
                : 'A password in the connection string is saved apart from it and never shown again.'}
            </span>
          )}
          {secretStorage && (
            <span
              className={`field__hint${secretStorage.encrypted ? '' : ' field__hint--warning'}`}
              data-testid="connection-secrets-note"
            >
              {secretStorage.encrypted
                ? 'Saved passwords are encrypted with the system keychain.'
                : (secretStorage.warning ?? 'Saved passwords are not encrypted on this computer.')}
            </span>
          )}
        </label>
        <div className="form__row">
          <label className="field">
            <span className="field__label">Database name</span>
            <input
              className="input input--mono"
              value={dbName}
              onChange={(e) => {
                setDbName(e.target.value);
                setTestState({ status: 'idle' });
              }}
              placeholder="datalake"
              spellCheck={false}
              aria-invalid={touched && missing.dbName}
              aria-describedby={touched && missing.dbName ? 'conn-dbName-error' : undefined}
            />
            {fieldError('dbName', 'Enter the database that holds the datums.')}
          </label>
          <label className="field">
            <span className="field__label">Timestamps</span>
            <select
              className="input"
              value={timestamps}
              onChange={(e) => setTimestamps(e.target.value as Timestamps)}
            >
              {(Object.keys(TIMESTAMP_LABELS) as Timestamps[]).map((k) => (
                <option key={k} value={k}>
                  {TIMESTAMP_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span className="field__label">Layout of new registries</span>
          <select
            className="input"
            value={registryGeneration}
            onChange={(e) => setRegistryGeneration(e.target.value as RegistryLayout)}
            aria-describedby="conn-registry-layout-hint"
            data-testid="connection-registry-layout"
          >
            {(Object.keys(REGISTRY_LAYOUT_LABELS) as RegistryLayout[]).map((k) => (
              <option key={k} value={k}>
                {REGISTRY_LAYOUT_LABELS[k]}
              </option>
            ))}
          </select>
          <span className="field__hint" id="conn-registry-layout-hint">
            Match the mindtrace-registry your Python pipelines use. A registry that already holds objects
            keeps its own layout.
          </span>
        </label>
        <TestResult state={testState} />
      </form>
    </Dialog>
  );
}

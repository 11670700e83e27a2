/** The connections screen: every connection with its details and actions (connect, test, edit, delete). */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Connection } from '#shared/contract';
import { useNavigation } from '../../app/navigation-store';
import { navigate } from '../../app/routing/router-store';
import { DatabaseIcon, EditIcon, PlugIcon, PlusIcon, ServerIcon, TrashIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { ConnectionFormDialog } from './connection-form-dialog';
import {
  connectionSubtitle,
  REGISTRY_LAYOUT_LABELS,
  registryLocation,
  TIMESTAMP_LABELS,
} from './connection-text';
import { useConnections } from './connections-store';
import './connections.css';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { TestResult, type TestState } from './test-result';

type Editing = { mode: 'add' } | { mode: 'edit'; connection: Connection } | null;

export function ConnectionsView() {
  const { connections, activeId } = useConnections(
    useShallow((s) => ({ connections: s.connections, activeId: s.activeId })),
  );
  const addRequested = useNavigation((s) => s.addRequested);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Connection | null>(null);

  // The sidebar's "Add connection" lands here with the dialog open.
  useEffect(() => {
    if (addRequested > 0) setEditing({ mode: 'add' });
  }, [addRequested]);

  return (
    <div className="page" data-testid="connections-view">
      <div className="page__header">
        <div>
          <h2 className="page__title">Connections</h2>
          <p className="page__subtitle">
            The embedded datalake lives on this computer. Add MongoDB datalakes to browse them side by side.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditing({ mode: 'add' })}>
          <PlusIcon /> Add connection
        </button>
      </div>

      <ul className="conn-list" aria-label="Saved connections">
        {connections.map((c) => (
          <ConnectionRow
            key={c.id}
            connection={c}
            active={c.id === activeId}
            onEdit={() => setEditing({ mode: 'edit', connection: c })}
            onDelete={() => setDeleting(c)}
          />
        ))}
      </ul>

      {editing && (
        <ConnectionFormDialog
          editing={editing.mode === 'edit' ? editing.connection : undefined}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
      {deleting && <DeleteConnectionDialog connection={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

interface RowProps {
  connection: Connection;
  active: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function ConnectionRow({ connection: c, active, onEdit, onDelete }: RowProps) {
  const { activate, activatingId, test } = useConnections(
    useShallow((s) => ({ activate: s.activate, activatingId: s.activatingId, test: s.test })),
  );
  const [testState, setTestState] = useState<TestState>({ status: 'idle' });
  const embedded = c.kind === 'embedded';

  const runTest = async () => {
    setTestState({ status: 'testing' });
    try {
      setTestState({ status: 'done', result: await test({ id: c.id }) });
    } catch (err) {
      setTestState({ status: 'error', message: (err as Error).message });
    }
  };

  return (
    <li className={`conn-card${active ? ' is-active' : ''}`} data-testid={`connection-row-${c.name}`}>
      <div className="conn-card__icon">
        {embedded ? <DatabaseIcon size={20} /> : <ServerIcon size={20} />}
      </div>
      <div className="conn-card__main">
        <div className="conn-card__name-row">
          <h3 className="conn-card__name">{c.name}</h3>
          {active && <span className="badge badge--active">Active</span>}
          {c.isDefault && <span className="badge">Default</span>}
        </div>
        <dl className="conn-card__facts">
          <div>
            <dt>{embedded ? 'Folder' : 'Server'}</dt>
            <dd className="mono">{embedded ? (c.path ?? '—') : (c.uriRedacted ?? '—')}</dd>
          </div>
          {!embedded && (
            <div>
              <dt>Database</dt>
              <dd className="mono">{c.dbName}</dd>
            </div>
          )}
          <div>
            <dt>Timestamps</dt>
            <dd>{TIMESTAMP_LABELS[c.timestamps]}</dd>
          </div>
          <div>
            <dt>Registry</dt>
            <dd className="mono" title={c.registryUri}>
              {registryLocation(c.registryUri)}
            </dd>
          </div>
          <div>
            <dt>New registries</dt>
            <dd data-testid={`connection-registry-layout-${c.name}`}>
              {REGISTRY_LAYOUT_LABELS[c.registryGeneration]}
            </dd>
          </div>
        </dl>
        <TestResult state={testState} testId={`connection-test-result-${c.name}`} />
      </div>
      <div className="conn-card__actions">
        {active ? (
          <button type="button" className="btn" onClick={() => navigate('#/overview')}>
            Open overview
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--primary"
            onClick={async () => {
              await activate(c.id);
              if (useConnections.getState().activeId === c.id) navigate('#/overview');
            }}
            disabled={activatingId !== null}
            aria-label={`Connect to ${c.name}`}
            title={connectionSubtitle(c)}
          >
            {activatingId === c.id ? <Spinner label="Connecting" size={12} /> : <PlugIcon />} Connect
          </button>
        )}
        {!embedded && (
          <>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={runTest}
              disabled={testState.status === 'testing'}
              aria-label={`Test ${c.name}`}
            >
              Test
            </button>
            <button
              type="button"
              className="icon-btn"
              onClick={onEdit}
              aria-label={`Edit ${c.name}`}
              title="Edit"
            >
              <EditIcon />
            </button>
            <button
              type="button"
              className="icon-btn icon-btn--danger"
              onClick={onDelete}
              aria-label={`Delete ${c.name}`}
              title="Delete"
            >
              <TrashIcon />
            </button>
          </>
        )}
      </div>
    </li>
  );
}

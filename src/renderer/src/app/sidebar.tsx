/** The left column: every connection, the active one marked, and the way to add another. */

import { useShallow } from 'zustand/react/shallow';
import { DatabaseIcon, PlusIcon, ServerIcon } from '../components/icons';
import { Spinner } from '../components/spinner';
import { connectionSubtitle } from '../features/connections/connection-text';
import { useConnections } from '../features/connections/connections-store';
import { useNavigation } from './navigation-store';
import { navigate } from './routing/router-store';
import './sidebar.css';

export function Sidebar() {
  const { connections, activeId, activatingId, status, activate } = useConnections(
    useShallow((s) => ({
      connections: s.connections,
      activeId: s.activeId,
      activatingId: s.activatingId,
      status: s.status,
      activate: s.activate,
    })),
  );
  const requestAddConnection = useNavigation((s) => s.requestAddConnection);

  return (
    <nav className="sidebar" aria-label="Connections">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          <DatabaseIcon size={18} />
        </span>
        <span className="sidebar__product">Datalake Browser</span>
      </div>
      <h2 className="sidebar__heading" id="sidebar-connections-heading">
        Connections
      </h2>
      {status === 'loading' && connections.length === 0 ? (
        <div className="sidebar__loading">
          <Spinner label="Loading connections" />
        </div>
      ) : (
        <ul className="sidebar__list" aria-labelledby="sidebar-connections-heading">
          {connections.map((c) => {
            const active = c.id === activeId;
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`sidebar__item${active ? ' is-active' : ''}`}
                  aria-current={active ? 'true' : undefined}
                  data-testid={`connection-item-${c.name}`}
                  title={connectionSubtitle(c)}
                  onClick={async () => {
                    if (!active) await activate(c.id);
                    navigate('#/overview');
                  }}
                >
                  <span className="sidebar__item-icon">
                    {c.kind === 'embedded' ? <DatabaseIcon /> : <ServerIcon />}
                  </span>
                  <span className="sidebar__item-text">
                    <span className="sidebar__item-name">{c.name}</span>
                    <span className="sidebar__item-sub">
                      {c.kind === 'embedded' ? 'Embedded' : `MongoDB · ${c.dbName}`}
                    </span>
                  </span>
                  {activatingId === c.id && <Spinner label={`Switching to ${c.name}`} size={12} />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="sidebar__footer">
        <button type="button" className="btn btn--block" onClick={requestAddConnection}>
          <PlusIcon /> Add connection
        </button>
      </div>
    </nav>
  );
}

/** The active datalake's name and where it lives, above the view tabs. */
import { connectionSubtitle } from '../features/connections/connection-text';
import { useActiveConnection } from '../features/connections/connections-store';
import { useNavigation, type ViewId } from './navigation-store';

const TABS: { id: ViewId; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'connections', label: 'Connections' },
];

export function TopBar() {
  const active = useActiveConnection();
  const { view, show } = useNavigation();

  return (
    <header className="top-bar">
      <div className="top-bar__title-row">
        <h1 className="top-bar__title" data-testid="datalake-name">
          {active?.name ?? 'Datalake Browser'}
        </h1>
        {active && (
          <span className={`badge badge--${active.kind}`}>
            {active.kind === 'embedded' ? 'Embedded' : 'MongoDB'}
          </span>
        )}
        {active && (
          <span className="top-bar__where" title={connectionSubtitle(active)}>
            {connectionSubtitle(active)}
          </span>
        )}
      </div>
      <div className="tabs" role="tablist" aria-label="Views">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={view === t.id}
            aria-controls="main-view"
            className="tabs__tab"
            onClick={() => show(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
    </header>
  );
}

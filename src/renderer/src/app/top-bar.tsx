/** The active datalake's name and where it lives, above the view menu (one tab per registered entry). */
import { connectionSubtitle } from '../features/connections/connection-text';
import { useActiveConnection } from '../features/connections/connections-store';
import { AddFilesButton } from '../features/ingest/feature';
import { GoToDatum } from '../features/inspector/go-to-datum';
import { MENU } from './features';
import './top-bar.css';

export function TopBar({ selectedMenuId }: { selectedMenuId: string | undefined }) {
  const active = useActiveConnection();

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
        {active && <AddFilesButton />}
        <GoToDatum />
      </div>
      <div className="tabs" role="tablist" aria-label="Views">
        {MENU.map((entry) => (
          <a
            key={entry.id}
            href={entry.href}
            role="tab"
            id={`tab-${entry.id}`}
            aria-selected={selectedMenuId === entry.id}
            aria-controls="main-view"
            className="tabs__tab"
          >
            {entry.label}
          </a>
        ))}
      </div>
    </header>
  );
}

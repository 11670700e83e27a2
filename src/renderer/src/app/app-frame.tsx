/** Sidebar, top bar and the routed feature view; loads the connections once and follows host events. */
import { useEffect } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { subscribeToConnectionChanges, useConnections } from '../features/connections/connections-store';
import { IngestLayer } from '../features/ingest/feature';
import { subscribeToJobEvents } from '../features/jobs/jobs-store';
import { HOME_HREF, resolveRoute } from './features';
import { askOpeningCallsOnMount } from './opening-calls';
import { followHashChanges, navigate, useRouter } from './routing/router-store';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';
import './app-frame.css';

export function AppFrame() {
  const location = useRouter((s) => s.location);
  const status = useConnections((s) => s.status);
  const error = useConnections((s) => s.error);
  const connections = useConnections((s) => s.connections);
  const failedActivationId = useConnections((s) => s.failedActivationId);
  const failedSwitch = connections.find((c) => c.id === failedActivationId);
  const resolved = resolveRoute(location);

  useEffect(() => {
    const offHash = followHashChanges();
    const offJobs = subscribeToJobEvents();
    const offConnections = subscribeToConnectionChanges();
    askOpeningCallsOnMount();
    return () => {
      offHash();
      offJobs();
      offConnections();
    };
  }, []);

  // `#/` and unknown routes land on the home view, without a history entry of their own. Checked on the
  // router's state as it is now: this render may predate the first `hashchange` (a deep link at start).
  const known = resolved !== null;
  useEffect(() => {
    const now = useRouter.getState().location;
    if (now === location ? !known : !resolveRoute(now)) navigate(HOME_HREF, { replace: true });
  }, [location, known]);

  const { load, clearError, activate } = useConnections.getState();
  const menuId = resolved?.route.menuId;

  return (
    <div className="app">
      <Sidebar />
      <div className="app__main">
        <TopBar selectedMenuId={menuId} />
        <main
          className="app__view"
          id="main-view"
          role="tabpanel"
          aria-labelledby={menuId ? `tab-${menuId}` : undefined}
        >
          {error && (
            <ErrorBanner
              error={error}
              title={failedSwitch ? `Could not switch to “${failedSwitch.name}”` : undefined}
              onRetry={
                failedSwitch
                  ? () => void activate(failedSwitch.id)
                  : status === 'error'
                    ? () => void load()
                    : undefined
              }
              onDismiss={connections.length > 0 ? clearError : undefined}
            />
          )}
          {status === 'ready' && resolved?.route.render(resolved.match)}
        </main>
      </div>
      {status === 'ready' && <IngestLayer />}
    </div>
  );
}

/** Sidebar, top bar and the active feature view; loads the connections once and follows host events. */
import { useEffect } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { subscribeToConnectionChanges, useConnections } from '../features/connections/connections-store';
import { ConnectionsView } from '../features/connections/connections-view';
import { subscribeToJobEvents } from '../features/jobs/jobs-store';
import { OverviewView } from '../features/overview/overview-view';
import { useAppInfo } from './app-info-store';
import { useNavigation } from './navigation-store';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';

export function AppFrame() {
  const view = useNavigation((s) => s.view);
  const { status, error, load, clearError, connections, failedActivationId, activate } = useConnections();
  const failedSwitch = connections.find((c) => c.id === failedActivationId);

  useEffect(() => {
    const offJobs = subscribeToJobEvents();
    const offConnections = subscribeToConnectionChanges();
    void useConnections.getState().load();
    void useAppInfo.getState().load();
    return () => {
      offJobs();
      offConnections();
    };
  }, []);

  return (
    <div className="app">
      <Sidebar />
      <div className="app__main">
        <TopBar />
        <main className="app__view" id="main-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
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
          {status === 'ready' && (view === 'overview' ? <OverviewView /> : <ConnectionsView />)}
        </main>
      </div>
    </div>
  );
}

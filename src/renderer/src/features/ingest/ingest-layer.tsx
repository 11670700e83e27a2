/**
 * Ingestion across the whole window, mounted once by the app frame: the drop zone, the dialog, the jobs
 * tray, and a refresh of the overview when an ingestion ends (its counts changed). The dialog and the
 * tray load on first use: the first screen of every session would otherwise pay for them.
 */
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useConnections } from '../connections/connections-store';
import { useJobs } from '../jobs/jobs-store';
import { useOverview } from '../overview/overview-store';
import { useIngest } from './ingest-store';
import { WindowDropZone } from './window-drop-zone';
import './ingest.css';

const IngestDialog = lazy(() => import('./ingest-dialog').then((m) => ({ default: m.IngestDialog })));
const IngestTray = lazy(() => import('./ingest-tray').then((m) => ({ default: m.IngestTray })));

export function IngestLayer() {
  useRefreshOverviewAfterIngest();
  const drafting = useIngest((s) => s.draft !== null);
  const ingesting = useJobs((s) => Object.values(s.jobs).some((j) => j.kind === 'ingest'));
  return (
    <>
      <WindowDropZone />
      {/* One boundary each: the dialog's first load must not hide a tray already shown. */}
      <Suspense fallback={null}>{drafting && <IngestDialog />}</Suspense>
      <Suspense fallback={null}>{ingesting && <IngestTray />}</Suspense>
    </>
  );
}

function useRefreshOverviewAfterIngest(): void {
  const finished = useJobs((s) =>
    Object.values(s.jobs)
      .filter((j) => j.kind === 'ingest' && j.status !== 'running')
      .map((j) => j.jobId)
      .join(','),
  );
  const seen = useRef(finished);
  useEffect(() => {
    if (finished === seen.current) return;
    seen.current = finished;
    const activeId = useConnections.getState().activeId;
    const overview = useOverview.getState();
    if (activeId && overview.connectionId === activeId) void overview.load(activeId);
  }, [finished]);
}

/**
 * Ingestion across the whole window, mounted once by the app frame: the drop zone, the dialog, the jobs
 * tray, and a refresh of the overview when an ingestion ends (its counts changed).
 */
import { useEffect, useRef } from 'react';
import { useConnections } from '../connections/connections-store';
import { useJobs } from '../jobs/jobs-store';
import { useOverview } from '../overview/overview-store';
import { IngestDialog } from './ingest-dialog';
import { IngestTray } from './ingest-tray';
import { WindowDropZone } from './window-drop-zone';
import './ingest.css';

export function IngestLayer() {
  useRefreshOverviewAfterIngest();
  return (
    <>
      <WindowDropZone />
      <IngestDialog />
      <IngestTray />
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

/** The ingestion jobs of this window, bottom right: running ones with their progress, finished ones with a summary. */
import { useJobs } from '../jobs/jobs-store';
import { IngestJobCard } from './ingest-job-card';
import { useIngest } from './ingest-store';

export function IngestTray() {
  const jobs = useJobs((s) => s.jobs);
  const dismissed = useIngest((s) => s.dismissed);
  const shown = Object.values(jobs)
    .filter((j) => j.kind === 'ingest' && !dismissed[j.jobId])
    .reverse();
  if (shown.length === 0) return null;
  return (
    <aside className="ingest-tray" aria-label="Ingestion" data-testid="ingest-tray">
      {shown.map((job) => (
        <IngestJobCard key={job.jobId} job={job} />
      ))}
    </aside>
  );
}

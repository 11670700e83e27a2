/** The footer both export dialogs share: Start (or Export again), Cancel while the job runs, and Close. */
import { useJobs } from '../jobs/jobs-store';

export interface ExportFooterProps {
  running: boolean;
  /** The dialog's latest export job, if it started one. */
  jobId: string | null;
  starting: boolean;
  onStart: () => void;
  onClose: () => void;
}

export function ExportFooter({ running, jobId, starting, onStart, onClose }: ExportFooterProps) {
  return (
    <>
      <span className="dialog__footer-spacer" />
      {running && jobId ? (
        <button
          type="button"
          className="btn"
          data-testid="export-cancel"
          onClick={() => void useJobs.getState().cancel(jobId)}
        >
          Cancel export
        </button>
      ) : (
        <button type="button" className="btn btn--primary" disabled={starting} onClick={onStart}>
          {jobId ? 'Export again' : 'Start export'}
        </button>
      )}
      <button type="button" className="btn" onClick={onClose}>
        Close
      </button>
    </>
  );
}
